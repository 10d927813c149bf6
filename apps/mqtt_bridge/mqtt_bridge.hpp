// Seed 003's stream connector as a job: forwards every message of an MQTT
// topic to a Kafka topic, keyed by a field of its JSON payload; a payload
// without that field goes to the dead letters with the reason. A message is
// acknowledged to the broker once the job has persisted it (and Kafka has
// it: checkpoints flush the sinks first).
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/keys.hpp"
#include "config/settings.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy {

/// The bridge's keys (mqtt_bridge.*).
key_table mqtt_bridge_keys();

/// Starts the bridge: subscribes to mqtt_bridge.mqtt.topic on
/// mqtt.server.uri (QoS 1, persistent session as
/// mqtt_bridge.mqtt.client.id) and forwards to mqtt_bridge.kafka.topic keyed
/// by mqtt_bridge.key.field; dead letters go to dead.letter.topic. Fails
/// naming a missing kafka.* key or a bad option.
[[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
start_mqtt_bridge(caf::actor_system& sys, const settings& cfg);

} // namespace eddy
