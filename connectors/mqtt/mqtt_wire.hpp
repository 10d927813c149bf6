// The MQTT 3.1.1 packets a QoS 1 subscriber sends and reads, as bytes
// (OASIS MQTT 3.1.1, section 2 and 3). No sockets here: mqtt_subscriber
// reads and writes them; tests feed them bytes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

namespace eddy::mqtt_wire {

enum class packet_type : uint8_t {
  connect = 1,
  connack = 2,
  publish = 3,
  puback = 4,
  subscribe = 8,
  suback = 9,
  pingreq = 12,
  pingresp = 13,
  disconnect = 14,
};

/// Where a broker listens, from a URI "tcp://host:port" or "mqtt://host:port"
/// (the port defaults to 1883).
struct broker_address {
  std::string host;
  uint16_t port = 1883;
};

/// Fails (ec::invalid_config, naming the URI) on another scheme, such as
/// ssl://, or a port that is not a number from 1 to 65535.
[[nodiscard]] caf::expected<broker_address>
parse_broker_uri(std::string_view uri);

/// CONNECT as protocol level 4, no will, no credentials. A session that is
/// not clean stays on the broker while the client is away.
[[nodiscard]] std::string connect_packet(std::string_view client_id,
                                         bool is_clean_session,
                                         std::chrono::seconds keep_alive);

/// SUBSCRIBE to one filter with QoS 1.
[[nodiscard]] std::string subscribe_packet(uint16_t packet_id,
                                           std::string_view topic_filter);

/// Appends the PUBACK of a QoS 1 PUBLISH.
void append_puback(std::string& out, uint16_t packet_id);

[[nodiscard]] std::string_view pingreq_packet();
[[nodiscard]] std::string_view disconnect_packet();

/// One packet as it lies in the bytes read.
struct packet {
  packet_type type;
  uint8_t flags;         // the low four bits of the first byte
  std::string_view body; // the variable header and the payload
};

/// A packet whole at the front of the bytes read, and its size there.
struct framed {
  packet value;
  size_t size;
};

/// The packet at the front of `bytes`, nullopt if it has not all arrived
/// yet. Fails (ec::connector_failure) on a remaining length longer than
/// four bytes or a packet type a subscriber is never sent.
[[nodiscard]] caf::expected<std::optional<framed>>
next_packet(std::string_view bytes);

/// A message the broker delivers.
struct publish {
  std::string_view topic;
  std::string_view payload;
  uint8_t qos = 0;
  uint16_t packet_id = 0; // with QoS 1 and 2 only
};

/// Fails (ec::connector_failure) on a body shorter than its topic and
/// packet id claim, or QoS 3.
[[nodiscard]] caf::expected<publish> read_publish(const packet& p);

/// Whether the broker resumed a session. Fails (ec::connector_failure) with
/// the broker's reason when it refused the connection.
[[nodiscard]] caf::expected<bool> read_connack(const packet& p);

/// Fails (ec::connector_failure) when the SUBACK answers another packet id
/// or the broker refused the subscription.
[[nodiscard]] caf::error read_suback(const packet& p, uint16_t packet_id,
                                     std::string_view topic_filter);

} // namespace eddy::mqtt_wire
