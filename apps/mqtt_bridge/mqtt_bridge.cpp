// The bridge as a pipeline: MQTT in, keyed by a JSON field, Kafka out.
#include "apps/mqtt_bridge/mqtt_bridge.hpp"

#include <string>
#include <string_view>

#include "apps/mqtt_bridge/message_key.hpp"
#include "connectors/kafka/kafka_writer.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "runtime/engine_options.hpp"
#include "runtime/pipeline.hpp"

namespace eddy {

namespace {

// clang-format off
constexpr key_spec keys[] = {
  string_key("mqtt_bridge.mqtt.client.id", "eddy-mqtt-bridge",
    "the MQTT bridge's client id; keep it stable so its persistent session survives restarts"),
  string_key("mqtt_bridge.mqtt.topic", "machine/states",
    "the MQTT topic filter the bridge forwards (seed 003)"),
  string_key("mqtt_bridge.kafka.topic", "machine.data",
    "the Kafka topic the bridge forwards MQTT messages to (seed 003)"),
  string_key("mqtt_bridge.key.field", "id",
    "the JSON field whose value keys each forwarded record"),
};
// clang-format on

/// A message to forward: its key and its payload as it came.
struct bridged_message {
  std::string key;
  std::string payload;
};

struct bridge_options {
  std::string client_id;
  std::string topic;
  std::string kafka_topic;
  std::string key_field;
  std::string dead_letter_topic;
};

bridge_options read_bridge_options(const settings& cfg) {
  return {cfg.get_string("mqtt_bridge.mqtt.client.id"),
          cfg.get_string("mqtt_bridge.mqtt.topic"),
          cfg.get_string("mqtt_bridge.kafka.topic"),
          cfg.get_string("mqtt_bridge.key.field"),
          cfg.get_string("dead.letter.topic")};
}

caf::expected<job_plan> bridge_plan(const bridge_options& opts) {
  pipeline p{"mqtt_bridge"};
  p.source(mqtt_input<bridged_message>(
               opts.client_id, opts.topic,
               one_record{[field = opts.key_field](std::string_view,
                                                   std::string_view payload)
                              -> caf::expected<bridged_message> {
                 auto key = message_key(payload, field);
                 if (!key)
                   return key.error();
                 return bridged_message{std::move(*key), std::string{payload}};
               }}))
      .key_by(
          [](const bridged_message& m) -> std::string_view { return m.key; })
      .repartition("forward")
      .sink("forwarded");
  return std::move(p).build();
}

// Kafka needs a broker: name it when it is missing.
caf::expected<std::shared_ptr<kafka_producer>>
make_producer(const engine_options& engine) {
  if (!engine.kafka.contains("bootstrap.servers"))
    return make_error(ec::invalid_config,
                      "kafka.bootstrap.servers: required by job mqtt_bridge");
  auto producer = kafka_producer::make(producer_properties(engine.kafka),
                                       kafka_producer::default_init_timeout,
                                       {"mqtt_bridge", "kafka producer"});
  if (!producer)
    return producer.error();
  return std::make_shared<kafka_producer>(std::move(*producer));
}

} // namespace

key_table mqtt_bridge_keys() {
  return {"mqtt_bridge", keys};
}

caf::expected<std::unique_ptr<pipeline_job>>
start_mqtt_bridge(caf::actor_system& sys, const settings& cfg) {
  auto opts = read_bridge_options(cfg);
  auto plan = bridge_plan(opts);
  if (!plan)
    return plan.error();
  auto engine =
      read_engine_options(cfg, "mqtt_bridge", {.kafka = true, .mqtt = true});
  auto producer = make_producer(engine);
  if (!producer)
    return producer.error();
  output_writers writers;
  writers.add<bridged_message>(
      "forwarded", "kafka " + opts.kafka_topic,
      std::make_unique<kafka_writer<bridged_message>>(
          *producer, opts.kafka_topic,
          [](const bridged_message& m, std::string& key, std::string& payload) {
            key = m.key;
            payload = m.payload;
          }));
  writers.add<dead_letter>(
      dead_letters_output, "kafka " + opts.dead_letter_topic,
      std::make_unique<kafka_writer<dead_letter>>(
          *producer, opts.dead_letter_topic,
          [](const dead_letter& x, std::string& key, std::string& payload) {
            key = x.source;
            format(x, payload);
          }));
  return std::move(*plan).start(sys, std::move(engine), std::move(writers));
}

} // namespace eddy
