// The engine's settings of one job, read once from the configuration:
// partitions, batching, checkpoints, restarts, sinks, where state lives and
// how the job reaches Kafka and MQTT. Every pipeline job runs with them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "actors/restart_policy.hpp"
#include "actors/sink.hpp"
#include "config/settings.hpp"
#include "connectors/kafka/kafka_properties.hpp"

namespace eddy {

struct engine_options {
  /// The job's name.
  std::string job;
  uint32_t partitions = 4;
  uint32_t key_groups = 128;
  /// Records per batch a source sends, and batches in flight per partition.
  size_t batch_size = 512;
  size_t batch_credit = 4;
  /// Records an ingress holds until a checkpoint persists them.
  size_t ingress_buffer = 2097152;
  /// This job's RocksDB directory (state.dir/<job>).
  std::string state_dir;
  /// Where this job's savepoints go (savepoint.dir/<job>; the inventory's
  /// in savepoint.dir itself).
  std::string savepoint_dir;
  std::chrono::milliseconds checkpoint_interval{1000};
  std::chrono::milliseconds checkpoint_timeout{60000};
  /// How long a read or a submitted record waits for its partition.
  std::chrono::milliseconds request_timeout{2000};
  restart_policy restart;
  /// Batching and buffering of every sink (counters and load are set per
  /// sink).
  sink_options sinks;
  /// Passed to librdkafka (the kafka.* keys), for consumers and producers.
  kafka_properties kafka;
  /// The consumer group of this job's Kafka source.
  std::string kafka_group;
  std::chrono::milliseconds kafka_commit_interval{1000};
  /// cluster.enabled: the job's Kafka partitions are shared among the
  /// processes of its group, and a key belongs to the partition it hashes
  /// to (a record that comes on another is a dead letter).
  bool clustered = false;
  /// The MQTT broker every MQTT source of the job connects to.
  std::string mqtt_broker;
  /// How long a Kafka or MQTT source may be without its broker (Kafka: or
  /// without an assigned partition) before it is reported disconnected.
  std::chrono::milliseconds source_ready_timeout{60000};
  /// Event time: how far ahead of the wall clock a record's time may be
  /// (beyond: a dead letter) and the watermark may go.
  std::chrono::milliseconds max_future{3600000};
};

/// Which shared connections a job uses: only their keys are read (a key set
/// for no job gets a warning).
struct engine_needs {
  bool kafka = false;
  bool mqtt = false;
};

/// Reads the engine's settings for job `job`. The inventory keeps the
/// group in kafka.group.id (the seed's); every other job's group is
/// `<kafka.group.id>.<job>`, so jobs of one process do not share a group.
engine_options read_engine_options(const settings& cfg, const std::string& job,
                                   engine_needs needs);

} // namespace eddy
