// Parses eddy-bench-ipdr's flags.
#include "bench/ipdr/ipdr_bench_options.hpp"

namespace eddy::bench {

uint64_t ipdr_bench_options::table_size() const {
  return quick ? quick_table_records : table_records;
}

ipdr_bench_options parse_ipdr_options(int argc, const char* const* argv) {
  return parse_job_bench_options<ipdr_bench_options>(
      argc, argv, ipdr_figures,
      {default_topic_records, quick_topic_records, default_measure_time,
       quick_measure_time});
}

std::string ipdr_usage() {
  return R"(usage: eddy-bench-ipdr [--quick] [--records N] [--seconds N] [--repeat N]
                       [--only loop|memory|parse|kafka]... [--dir PATH]
                       [--set KEY=VALUE]... [--eddy PATH] [--devkafka PATH]

Measures the IPDR rollup (issue 15) and prints a Markdown table; each
figure is the median of --repeat runs (default 3) and a ratio to a baseline
measured in the same invocation. Progress goes to stderr. The input is the
seed's IPDR JSON over 50,000 MACs, 2^20 records made once and cycled.

  loop    baseline: one thread parsing the JSON with simdjson (DOM) and
          summing dsOctets of the "data" records per mac|hour in a
          std::unordered_map
  memory  the job in memory: ipdr::plan fed by a generator source that
          parses the same bytes with ipdr::parser; filter, key, 1 h
          windows, usage discarded; the engine's defaults (4 partitions,
          2 scheduler threads, 1 s checkpoints)
  parse   one thread parsing the bytes into the job's record: simdjson DOM
          (ipdr::parser, the baseline), nlohmann::json, simdjson On-Demand
          reading five fields, and On-Demand walking every value
  kafka   the eddy program (jobs=ipdr, no outputs) reading a topic of N
          IPDRs from the dev Kafka cluster, against a bare librdkafka
          consumer reading the same topic

  --quick        2^16 records made up front, 1 s runs, a topic of 100,000
  --records N    IPDRs in the Kafka figure's topic (default 2,000,000)
  --seconds N    how long each in-memory run measures (default 5)
)" + job_bench_flags_help();
}

} // namespace eddy::bench
