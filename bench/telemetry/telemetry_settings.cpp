// The telemetry job's keys for a benchmark run.
#include "bench/telemetry/telemetry_settings.hpp"

#include "bench/kafka/job_settings.hpp"

namespace eddy::bench {

setting_list
telemetry_settings(const std::string& dir, const std::string& bootstrap,
                   const std::string& group, const std::string& input,
                   const telemetry_outputs& out, const setting_list& extra) {
  auto settings = cluster_run_settings(dir, bootstrap, group);
  auto to_kafka = !out.kafka_topic.empty();
  settings.insert(
      settings.end(),
      {{"jobs", "telemetry"},
       {"telemetry.source.kafka.enabled", "true"},
       {"telemetry.generator.enabled", "false"},
       {"telemetry.input.topic", input},
       {"telemetry.dedup.window", "1h"},
       {"telemetry.sink.stdout", "false"},
       {"telemetry.output.kafka", to_kafka ? "true" : "false"},
       {"telemetry.output.topic", to_kafka ? out.kafka_topic : validated_topic},
       {"telemetry.postgres.url", out.postgres_url},
       {"telemetry.postgres.table", out.postgres_table}});
  settings.insert(settings.end(), extra.begin(), extra.end());
  return settings;
}

} // namespace eddy::bench
