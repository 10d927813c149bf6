// Which of its sources a job reads, and how: Kafka, MQTT and the built-in
// generator, from the keys each such job declares under its own name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/settings.hpp"

namespace eddy {

/// The sources of one job. What belongs to a source that is off keeps the
/// value here, unread (so that setting one of its keys gets a warning).
struct source_settings {
  struct generator_settings {
    bool enabled = true;
    /// Records per second; 0: as fast as possible.
    uint64_t rate = 1000;
    /// Generators sharing the records and the rate.
    uint32_t parallelism = 1;
  } generator;

  struct kafka_settings {
    bool enabled = false;
    std::string input_topic;
  } kafka;

  struct mqtt_settings {
    bool enabled = false;
    /// The topic filter subscribed to.
    std::string topic;
    std::string client_id;
  } mqtt;
};

/// Reads the source keys of job `job`, which its key table declares:
/// `<job>.source.kafka.enabled` (auto: when kafka.bootstrap.servers is set)
/// with `<job>.input.topic`; `<job>.source.mqtt.enabled` with
/// `<job>.mqtt.topic` and `<job>.mqtt.client.id`; `<job>.generator.enabled`
/// (auto: when neither Kafka nor MQTT is read) with `<job>.generator.rate`
/// and `<job>.generator.parallelism`. A job's own generator keys (what it
/// makes) are the job's to read.
source_settings read_source_settings(const settings& cfg, std::string_view job);

} // namespace eddy
