// MQTT 3.1.1 packets as bytes: what the subscriber sends, byte for byte as
// the specification's examples have them, and what it makes of the bytes a
// broker sends, whole, split anywhere or malformed.
#include "connectors/mqtt/mqtt_wire.hpp"

#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::mqtt_wire;
using namespace std::string_literals;

namespace {

// A PUBLISH as a broker sends it: QoS 1 with a packet id, QoS 0 without.
std::string publish_bytes(std::string_view topic, std::string_view payload,
                          uint8_t qos, uint16_t packet_id) {
  std::string body;
  body.push_back(static_cast<char>(topic.size() >> 8));
  body.push_back(static_cast<char>(topic.size() & 0xff));
  body.append(topic);
  if (qos > 0) {
    body.push_back(static_cast<char>(packet_id >> 8));
    body.push_back(static_cast<char>(packet_id & 0xff));
  }
  body.append(payload);
  std::string out;
  out.push_back(static_cast<char>(0x30 | (qos << 1)));
  auto length = body.size();
  do {
    auto digit = static_cast<uint8_t>(length % 128);
    length /= 128;
    out.push_back(static_cast<char>(length > 0 ? digit | 0x80 : digit));
  } while (length > 0);
  return out + body;
}

packet whole_packet(std::string_view bytes) {
  auto next = next_packet(bytes);
  REQUIRE(next);
  REQUIRE(next->has_value());
  CHECK((*next)->size == bytes.size());
  return (*next)->value;
}

} // namespace

TEST_CASE("a CONNECT names protocol level 4, the session, the keep-alive and "
          "the client") {
  CHECK(connect_packet("eddy", false, std::chrono::seconds{20}) ==
        "\x10\x10\x00\x04MQTT\x04\x00\x00\x14\x00\x04"
        "eddy"s);
  CHECK(connect_packet("eddy", true, std::chrono::seconds{60})[9] == '\x02');
}

TEST_CASE("a SUBSCRIBE asks for one filter with QoS 1 and the reserved flags") {
  CHECK(subscribe_packet(1, "a/#") == "\x82\x08\x00\x01\x00\x03"
                                      "a/#\x01"s);
}

TEST_CASE("PUBACKs append one after another, PINGREQ and DISCONNECT are two "
          "bytes") {
  std::string acks;
  append_puback(acks, 1);
  append_puback(acks, 0x1234);
  CHECK(acks == "\x40\x02\x00\x01\x40\x02\x12\x34"s);
  CHECK(pingreq_packet() == "\xc0\x00"s);
  CHECK(disconnect_packet() == "\xe0\x00"s);
}

TEST_CASE("a PUBLISH at QoS 1 gives its topic, packet id and payload") {
  auto bytes = publish_bytes("machine/states", R"({"Thing":"R0815"})", 1, 77);
  auto message = read_publish(whole_packet(bytes));
  REQUIRE(message);
  CHECK(message->topic == "machine/states");
  CHECK(message->payload == R"({"Thing":"R0815"})");
  CHECK(message->qos == 1);
  CHECK(message->packet_id == 77);
}

TEST_CASE("a PUBLISH at QoS 0 has no packet id before its payload") {
  auto bytes = publish_bytes("t", "xy", 0, 0);
  auto message = read_publish(whole_packet(bytes));
  REQUIRE(message);
  CHECK(message->qos == 0);
  CHECK(message->payload == "xy");
}

TEST_CASE("a packet is taken only once all of it has arrived, whatever its "
          "length's size") {
  for (size_t payload_size : {0UL, 100UL, 200UL, 20000UL, 3000000UL}) {
    CAPTURE(payload_size);
    auto bytes = publish_bytes("t", std::string(payload_size, 'p'), 1, 9);
    for (size_t cut : {0UL, 1UL, 2UL, 3UL, 5UL, bytes.size() - 1}) {
      auto partial = next_packet(std::string_view{bytes}.substr(0, cut));
      REQUIRE(partial);
      CHECK_FALSE(partial->has_value());
    }
    auto message = read_publish(whole_packet(bytes));
    REQUIRE(message);
    CHECK(message->payload.size() == payload_size);
  }
}

TEST_CASE("packets that arrive together are taken one by one, in order") {
  auto bytes =
      publish_bytes("t", "one", 1, 1) + publish_bytes("t", "two", 1, 2);
  auto first = next_packet(bytes);
  REQUIRE((first && first->has_value()));
  auto rest = std::string_view{bytes}.substr((*first)->size);
  auto second = next_packet(rest);
  REQUIRE((second && second->has_value()));
  CHECK(read_publish((*second)->value)->payload == "two");
  CHECK((*second)->size == rest.size());
}

TEST_CASE("a remaining length of five bytes, a packet a subscriber is never "
          "sent and a PUBLISH shorter than its topic are errors") {
  auto too_long = next_packet("\x30\xff\xff\xff\xff\x01"s);
  REQUIRE_FALSE(too_long);
  CHECK(describe(too_long.error()).find("four bytes") != std::string::npos);
  auto subscribe = next_packet("\x82\x00"s);
  REQUIRE_FALSE(subscribe);
  CHECK(describe(subscribe.error()).find("packet type 8") != std::string::npos);
  auto short_topic = read_publish(whole_packet("\x32\x03\x00\x09x"s));
  REQUIRE_FALSE(short_topic);
  CHECK(short_topic.error() == ec::connector_failure);
  CHECK_FALSE(read_publish(whole_packet("\x36\x03\x00\x01t"s)));  // QoS 3
  CHECK_FALSE(read_publish(whole_packet("\x32\x04\x00\x01tx"s))); // no id
}

TEST_CASE("a CONNACK says whether the session was resumed, or why the broker "
          "refused") {
  auto resumed = read_connack(whole_packet("\x20\x02\x01\x00"s));
  REQUIRE(resumed);
  CHECK(*resumed);
  auto fresh = read_connack(whole_packet("\x20\x02\x00\x00"s));
  REQUIRE(fresh);
  CHECK_FALSE(*fresh);
  auto refused = read_connack(whole_packet("\x20\x02\x00\x05"s));
  REQUIRE_FALSE(refused);
  CHECK(describe(refused.error()).find("not authorized (code 5)") !=
        std::string::npos);
  CHECK_FALSE(read_connack(whole_packet("\xd0\x00"s))); // a PINGRESP
}

TEST_CASE("a SUBACK must answer our packet id and may refuse the filter") {
  CHECK_FALSE(read_suback(whole_packet("\x90\x03\x00\x01\x01"s), 1, "a/#"));
  auto refused = read_suback(whole_packet("\x90\x03\x00\x01\x80"s), 1, "a/#");
  REQUIRE(refused);
  CHECK(describe(refused).find("refused the subscription to 'a/#'") !=
        std::string::npos);
  CHECK(read_suback(whole_packet("\x90\x03\x00\x02\x01"s), 1, "a/#"));
}

TEST_CASE("a broker URI is tcp:// or mqtt://, host and port") {
  auto plain = parse_broker_uri("tcp://127.0.0.1:1883");
  REQUIRE(plain);
  CHECK(plain->host == "127.0.0.1");
  CHECK(plain->port == 1883);
  auto named = parse_broker_uri("mqtt://mosquitto");
  REQUIRE(named);
  CHECK(named->host == "mosquitto");
  CHECK(named->port == 1883);
  auto v6 = parse_broker_uri("tcp://[::1]:18830");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 18830);
  for (auto bad :
       {"ssl://broker:8883", "broker:1883", "tcp://:1883", "tcp://broker:0",
        "tcp://broker:70000", "tcp://broker:x", "tcp://[::1"}) {
    CAPTURE(bad);
    auto refused = parse_broker_uri(bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == ec::invalid_config);
    CHECK(describe(refused.error()).find(bad) != std::string::npos);
  }
}
