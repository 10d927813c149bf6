// Parses eddy-bench-sensors' flags.
#include "bench/sensors/sensor_bench_options.hpp"

namespace eddy::bench {

uint64_t sensor_bench_options::table_size() const {
  return quick ? quick_table_records : table_records;
}

int64_t sensor_bench_options::memory_device_count() const {
  return quick ? quick_memory_devices : memory_devices;
}

sensor_bench_options parse_sensor_options(int argc, const char* const* argv) {
  return parse_job_bench_options<sensor_bench_options>(
      argc, argv, sensor_figures,
      {default_topic_records, quick_topic_records, default_measure_time,
       quick_measure_time});
}

std::string sensor_usage() {
  return R"(usage: eddy-bench-sensors [--quick] [--records N] [--seconds N] [--repeat N]
                          [--only loop|memory|rss|kafka]... [--dir PATH]
                          [--set KEY=VALUE]... [--eddy PATH] [--devkafka PATH]

Measures the IoT sensor rollup (seed 001, issue 16) and prints a Markdown
table; each figure is the median of --repeat runs (default 3) and a ratio
to a baseline measured in the same invocation. Progress goes to stderr.
The in-memory input is the job's own reading generator over 100,000
sensors, 2^20 readings made once (as JSON and as Avro) and cycled.

  loop    baseline: one thread decoding the readings (sensors::parse_json,
          sensors::avro_decoder) and adding each to its device's open
          1-minute window (count, 8 x min/max/sum, sums, firsts) in a
          std::unordered_map
  memory  the job in memory: sensors::plan fed by 2 generators that decode
          the same bytes; key by device, 1-minute processing-time windows,
          rollups and alerts discarded; the engine's defaults (4
          partitions, 2 scheduler threads, 1 s checkpoints)
  rss     resident memory with 1,000,000 sensors, each with an open
          window: the job in memory against the plain loop's map
  kafka   the eddy program (jobs=sensors, Avro, event time) reading a topic
          of N readings from the dev Kafka cluster and inserting its
          rollups into a ClickHouse server of its own, against a bare
          librdkafka consumer reading the same topic; ClickHouse must hold
          every expected window

  --quick        2^16 readings, 50,000 sensors for rss, 1 s runs, a topic
                 of 100,000
  --records N    readings in the Kafka figure's topic (default 4,000,000)
  --seconds N    how long each in-memory run measures (default 5)
)" + job_bench_flags_help();
}

} // namespace eddy::bench
