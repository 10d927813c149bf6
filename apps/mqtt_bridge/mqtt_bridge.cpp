// Forwards MQTT messages to Kafka, one at a time, acknowledging each to the
// broker only after Kafka confirmed its delivery.
#include "apps/mqtt_bridge/mqtt_bridge.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "connectors/kafka/producer.hpp"
#include "connectors/mqtt/mqtt_subscriber.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"

namespace eddy {

namespace {

constexpr auto delivery_timeout = std::chrono::seconds{30};

/// The key of a message: the string or number at `field` of a JSON object.
caf::expected<std::string> key_of(std::string_view payload,
                                  const std::string& field) {
  auto doc = nlohmann::json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ec::malformed_record, "the payload is not a JSON object");
  auto i = doc.find(field);
  if (i == doc.end())
    return make_error(ec::malformed_record,
                      "the payload has no field '" + field + "'");
  if (i->is_string())
    return i->get<std::string>();
  if (i->is_number())
    return i->dump();
  return make_error(ec::malformed_record,
                    "field '" + field + "' is neither a string nor a number");
}

} // namespace

struct mqtt_bridge::impl {
  std::string topic;
  std::string key_field;
  std::string dead_letter_topic;
  std::string mqtt_name;
  std::unique_ptr<kafka_producer> producer;
  std::optional<mqtt_subscriber> subscriber;
  std::atomic<uint64_t> forwarded{0};
  std::atomic<uint64_t> malformed{0};
  std::atomic<uint64_t> failures{0};
  mutable std::mutex mtx;
  std::string last_error;

  // Runs on the MQTT callback thread: returning acknowledges the message,
  // so it returns only once Kafka has it (or has its dead letter).
  void forward(std::string_view mqtt_topic, std::string_view payload) {
    auto key = key_of(payload, key_field);
    for (;;) {
      caf::expected<void> sent = caf::unit;
      if (key) {
        sent = producer->send(topic, *key, payload);
      } else {
        ++malformed;
        std::string letter;
        format(dead_letter{"mqtt " + std::string{mqtt_topic},
                           std::string{payload}, describe(key.error())},
               letter);
        sent = producer->send(dead_letter_topic, mqtt_topic, letter);
      }
      if (sent)
        sent = producer->flush(delivery_timeout);
      if (sent)
        break;
      // Kafka is away: keep the message unacknowledged and try again, so
      // the broker keeps it for us.
      ++failures;
      report(describe(sent.error()));
      std::this_thread::sleep_for(std::chrono::seconds{1});
    }
    if (key)
      ++forwarded;
  }

  void report(std::string text) {
    std::lock_guard guard{mtx};
    if (text != last_error)
      std::cerr << "eddy: mqtt_bridge: " << text << ", retrying\n";
    last_error = std::move(text);
  }
};

caf::expected<std::unique_ptr<mqtt_bridge>>
mqtt_bridge::start(const settings& cfg) {
  auto ptr = std::make_unique<impl>();
  ptr->topic = cfg.get_string("bridge.kafka.topic");
  ptr->key_field = cfg.get_string("bridge.key.field");
  ptr->dead_letter_topic = cfg.get_string("dead.letter.topic");
  auto props = cfg.kafka_properties();
  if (!props.contains("bootstrap.servers"))
    return make_error(ec::invalid_config,
                      "kafka.bootstrap.servers: required by job=mqtt_bridge");
  props.erase("group.id");
  auto producer = kafka_producer::make(props);
  if (!producer)
    return producer.error();
  ptr->producer = std::make_unique<kafka_producer>(std::move(*producer));
  mqtt_subscriber::options opts;
  opts.broker_uri = cfg.get_string("mqtt.server.uri");
  opts.client_id = cfg.get_string("mqtt.client.id");
  opts.topic_filter = cfg.get_string("mqtt.topic");
  ptr->mqtt_name = "mqtt " + opts.broker_uri + " " + opts.topic_filter;
  auto* self = ptr.get();
  auto subscriber =
      mqtt_subscriber::make(std::move(opts), [self](std::string_view topic,
                                                    std::string_view payload) {
        self->forward(topic, payload);
      });
  if (!subscriber)
    return subscriber.error();
  ptr->subscriber.emplace(std::move(*subscriber));
  return std::unique_ptr<mqtt_bridge>{new mqtt_bridge(std::move(ptr))};
}

mqtt_bridge::mqtt_bridge(std::unique_ptr<impl> ptr) : impl_(std::move(ptr)) {}

mqtt_bridge::~mqtt_bridge() {
  stop();
}

void mqtt_bridge::stop() {
  if (impl_->subscriber)
    impl_->subscriber->stop();
  if (auto ok = impl_->producer->flush(delivery_timeout); !ok)
    std::cerr << "eddy: mqtt_bridge: " << describe(ok.error()) << '\n';
}

job_status mqtt_bridge::status() const {
  auto& st = *impl_;
  auto mqtt = st.subscriber->current_status();
  job_status result;
  result.name = "mqtt_bridge";
  result.state = "running";
  auto forwarded = st.forwarded.load();
  actor_report source_load;
  source_load.records_in = mqtt.messages;
  source_load.records_out = forwarded;
  result.sources.push_back({st.mqtt_name,
                            std::string{to_string(mqtt.connection.state)},
                            mqtt.messages,
                            st.malformed.load(),
                            {},
                            source_load});
  actor_report sink_load;
  sink_load.records_in = forwarded;
  sink_load.records_out = forwarded;
  std::lock_guard guard{st.mtx};
  result.sinks.push_back({"kafka " + st.topic,
                          st.last_error.empty() ? "ok" : "retrying", forwarded,
                          st.failures.load(), st.last_error, sink_load});
  auto from = actor_name(result.sources.back());
  auto to = actor_name(result.sinks.back());
  result.graph = {{{from, "source", 1}, {to, "sink", 1}},
                  {{from, to, "one to one"}}};
  return result;
}

const std::string& mqtt_bridge::name() const {
  static const std::string job_name = "mqtt_bridge";
  return job_name;
}

job_graph mqtt_bridge::graph() const {
  return status().graph;
}

void mqtt_bridge::checkpoint(callback<checkpoint_status> done) {
  done(make_error(ec::unavailable,
                  "job=mqtt_bridge keeps no state to checkpoint"));
}

caf::expected<nlohmann::json> mqtt_bridge::state_of(std::string_view key) {
  return make_error(ec::unknown_key, "job=mqtt_bridge keeps no state, so no "
                                     "key '" +
                                         std::string{key} + "'");
}

void mqtt_bridge::savepoint(callback<std::string> done) {
  done(make_error(ec::unavailable,
                  "job=mqtt_bridge keeps no state: Kafka and the broker's "
                  "persistent session hold everything in flight"));
}

void mqtt_bridge::inject_fault(fault_request, callback<std::string> done) {
  done(make_error(ec::unavailable,
                  "job=mqtt_bridge has no partitions, windows or sinks to "
                  "fault"));
}

} // namespace eddy
