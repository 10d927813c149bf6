// MQTT 3.1.1 packets as bytes; see mqtt_wire.hpp.
#include "connectors/mqtt/mqtt_wire.hpp"

#include <charconv>

#include "messages/error.hpp"

namespace eddy::mqtt_wire {

namespace {

constexpr uint8_t protocol_level = 4;
constexpr uint8_t clean_session_flag = 0x02;
constexpr uint8_t subscribe_flags = 0x02; // fixed by the specification
constexpr uint8_t qos_1 = 1;
constexpr uint8_t suback_failure = 0x80;

void append_u16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xff));
}

void append_string(std::string& out, std::string_view text) {
  append_u16(out, static_cast<uint16_t>(text.size()));
  out.append(text);
}

void append_remaining_length(std::string& out, size_t length) {
  do {
    auto digit = static_cast<uint8_t>(length % 128);
    length /= 128;
    if (length > 0)
      digit |= 0x80;
    out.push_back(static_cast<char>(digit));
  } while (length > 0);
}

std::string with_fixed_header(packet_type type, uint8_t flags,
                              std::string_view body) {
  std::string out;
  out.push_back(static_cast<char>((static_cast<uint8_t>(type) << 4) | flags));
  append_remaining_length(out, body.size());
  out.append(body);
  return out;
}

uint16_t read_u16(std::string_view bytes) {
  return static_cast<uint16_t>((static_cast<uint8_t>(bytes[0]) << 8) |
                               static_cast<uint8_t>(bytes[1]));
}

caf::error malformed(std::string what) {
  return make_error(ec::connector_failure,
                    "the broker sent a malformed packet: " + std::move(what));
}

bool is_sent_to_subscribers(uint8_t type) {
  switch (static_cast<packet_type>(type)) {
  case packet_type::connack:
  case packet_type::publish:
  case packet_type::suback:
  case packet_type::pingresp:
    return true;
  default:
    return false;
  }
}

std::string_view connack_reason(uint8_t code) {
  switch (code) {
  case 1:
    return "unacceptable protocol version";
  case 2:
    return "client identifier rejected";
  case 3:
    return "server unavailable";
  case 4:
    return "bad user name or password";
  case 5:
    return "not authorized";
  default:
    return "unknown reason";
  }
}

} // namespace

caf::expected<broker_address> parse_broker_uri(std::string_view uri) {
  auto refuse = [&](std::string why) {
    return make_error(ec::invalid_config,
                      "mqtt broker URI '" + std::string{uri} + "': " + why);
  };
  std::string_view rest;
  for (std::string_view scheme : {"tcp://", "mqtt://"})
    if (uri.starts_with(scheme))
      rest = uri.substr(scheme.size());
  if (rest.empty())
    return refuse("expected tcp://host:port or mqtt://host:port");
  broker_address result;
  std::string_view host = rest;
  std::string_view port;
  bool has_port = false;
  if (rest.starts_with('[')) { // an IPv6 address
    auto close = rest.find(']');
    if (close == std::string_view::npos)
      return refuse("no ']' after the IPv6 address");
    host = rest.substr(1, close - 1);
    auto after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(':'))
      return refuse("expected ':port' after the IPv6 address");
    has_port = !after.empty();
    port = after.substr(has_port ? 1 : 0);
  } else if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    has_port = true;
  }
  if (host.empty())
    return refuse("no host");
  result.host = std::string{host};
  if (!has_port)
    return result;
  unsigned value = 0;
  auto [end, err] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (err != std::errc{} || end != port.data() + port.size() || value == 0 ||
      value > 65535)
    return refuse("the port must be a number from 1 to 65535");
  result.port = static_cast<uint16_t>(value);
  return result;
}

std::string connect_packet(std::string_view client_id, bool is_clean_session,
                           std::chrono::seconds keep_alive) {
  std::string body;
  append_string(body, "MQTT");
  body.push_back(static_cast<char>(protocol_level));
  body.push_back(static_cast<char>(is_clean_session ? clean_session_flag : 0));
  append_u16(body, static_cast<uint16_t>(keep_alive.count()));
  append_string(body, client_id);
  return with_fixed_header(packet_type::connect, 0, body);
}

std::string subscribe_packet(uint16_t packet_id,
                             std::string_view topic_filter) {
  std::string body;
  append_u16(body, packet_id);
  append_string(body, topic_filter);
  body.push_back(static_cast<char>(qos_1));
  return with_fixed_header(packet_type::subscribe, subscribe_flags, body);
}

void append_puback(std::string& out, uint16_t packet_id) {
  out.push_back(
      static_cast<char>(static_cast<uint8_t>(packet_type::puback) << 4));
  out.push_back(2);
  append_u16(out, packet_id);
}

std::string_view pingreq_packet() {
  return {"\xc0\x00", 2};
}

std::string_view disconnect_packet() {
  return {"\xe0\x00", 2};
}

caf::expected<std::optional<framed>> next_packet(std::string_view bytes) {
  constexpr size_t max_length_bytes = 4;
  if (bytes.size() < 2)
    return std::optional<framed>{};
  auto first = static_cast<uint8_t>(bytes[0]);
  size_t length = 0;
  size_t multiplier = 1;
  size_t at = 1;
  for (;; ++at) {
    if (at > max_length_bytes)
      return malformed("a remaining length of more than four bytes");
    if (at >= bytes.size())
      return std::optional<framed>{};
    auto digit = static_cast<uint8_t>(bytes[at]);
    length += (digit & 0x7f) * multiplier;
    multiplier *= 128;
    if ((digit & 0x80) == 0)
      break;
  }
  auto type = static_cast<uint8_t>(first >> 4);
  if (!is_sent_to_subscribers(type))
    return malformed("packet type " + std::to_string(type));
  auto header = at + 1;
  if (bytes.size() - header < length)
    return std::optional<framed>{};
  return std::optional<framed>{
      framed{.value = {static_cast<packet_type>(type),
                       static_cast<uint8_t>(first & 0x0f),
                       bytes.substr(header, length)},
             .size = header + length}};
}

caf::expected<publish> read_publish(const packet& p) {
  publish result;
  result.qos = static_cast<uint8_t>((p.flags >> 1) & 0x03);
  if (result.qos == 3)
    return malformed("a PUBLISH with QoS 3");
  auto body = p.body;
  if (body.size() < 2 || body.size() - 2 < read_u16(body))
    return malformed("a PUBLISH shorter than its topic");
  result.topic = body.substr(2, read_u16(body));
  body.remove_prefix(2 + result.topic.size());
  if (result.qos > 0) {
    if (body.size() < 2)
      return malformed("a PUBLISH without its packet id");
    result.packet_id = read_u16(body);
    body.remove_prefix(2);
  }
  result.payload = body;
  return result;
}

caf::expected<bool> read_connack(const packet& p) {
  if (p.type != packet_type::connack || p.body.size() != 2)
    return malformed("expected a CONNACK");
  auto code = static_cast<uint8_t>(p.body[1]);
  if (code != 0)
    return make_error(ec::connector_failure,
                      "the broker refused the connection: " +
                          std::string{connack_reason(code)} + " (code " +
                          std::to_string(code) + ")");
  return (static_cast<uint8_t>(p.body[0]) & 0x01) != 0;
}

caf::error read_suback(const packet& p, uint16_t packet_id,
                       std::string_view topic_filter) {
  if (p.type != packet_type::suback || p.body.size() != 3)
    return malformed("expected the SUBACK of one filter");
  if (read_u16(p.body) != packet_id)
    return malformed("a SUBACK of packet id " +
                     std::to_string(read_u16(p.body)) + ", not " +
                     std::to_string(packet_id));
  if (static_cast<uint8_t>(p.body[2]) == suback_failure)
    return make_error(ec::connector_failure,
                      "the broker refused the subscription to '" +
                          std::string{topic_filter} + "'");
  return caf::none;
}

} // namespace eddy::mqtt_wire
