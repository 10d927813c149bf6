// The eddy program's settings for the telemetry figures: the job alone,
// Kafka in, validated events to Kafka or PostgreSQL.
#pragma once

#include <string>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// The job's default topics (config/telemetry.properties).
inline const std::string raw_topic = "raw_telemetry";
inline const std::string validated_topic = "validated_telemetry";
inline const std::string dead_letter_topic = "eddy.dead.letters";

/// Where a run's validated events go: a Kafka topic, or a PostgreSQL table.
struct telemetry_outputs {
  std::string kafka_topic; // empty: not to Kafka
  std::string postgres_url = "none";
  std::string postgres_table = "sensor_readings";
};

/// jobs=telemetry reading `input` from the cluster at `bootstrap` as group
/// `group` (cluster_run_settings: state under `dir`), the generator and
/// stdout off, a dedup window of an hour (every id of a run stays in the
/// state), validated events to `out`; every other key at its default;
/// `extra` (--set) last, so it wins.
setting_list
telemetry_settings(const std::string& dir, const std::string& bootstrap,
                   const std::string& group, const std::string& input,
                   const telemetry_outputs& out, const setting_list& extra);

} // namespace eddy::bench
