// Reads a job's source settings.
#include "runtime/source_settings.hpp"

#include "config/auto_switch.hpp"

namespace eddy {

source_settings read_source_settings(const settings& cfg,
                                     std::string_view job) {
  auto key = [prefix = std::string{job} + "."](std::string_view name) {
    return prefix + std::string{name};
  };
  source_settings sources;
  auto& kafka = sources.kafka;
  kafka.enabled = is_switched_on(cfg, key("source.kafka.enabled"),
                                 cfg.has_kafka_property("bootstrap.servers"));
  if (kafka.enabled)
    kafka.input_topic = cfg.get_string(key("input.topic"));
  auto& mqtt = sources.mqtt;
  mqtt.enabled = cfg.get_bool(key("source.mqtt.enabled"));
  if (mqtt.enabled) {
    mqtt.topic = cfg.get_string(key("mqtt.topic"));
    mqtt.client_id = cfg.get_string(key("mqtt.client.id"));
  }
  auto& gen = sources.generator;
  gen.enabled = is_switched_on(cfg, key("generator.enabled"),
                               !kafka.enabled && !mqtt.enabled);
  if (gen.enabled) {
    gen.rate = static_cast<uint64_t>(cfg.get_int(key("generator.rate")));
    gen.parallelism =
        static_cast<uint32_t>(cfg.get_int(key("generator.parallelism")));
  }
  return sources;
}

} // namespace eddy
