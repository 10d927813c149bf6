// Parses eddy-bench-ipdr's flags.
#include "bench/ipdr/ipdr_bench_options.hpp"

#include <optional>

#include "bench/common/command_line.hpp"

namespace eddy::bench {

uint64_t ipdr_bench_options::table_size() const {
  return quick ? quick_table_records : table_records;
}

ipdr_bench_options parse_ipdr_options(int argc, const char* const* argv) {
  ipdr_bench_options opts;
  std::optional<uint64_t> records;
  std::optional<uint64_t> seconds;
  auto flags = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (read_run_flag(flag, value, ipdr_figures, opts) ||
        read_cluster_flag(flag, value, opts))
      return;
    if (flag == "--records")
      records = positive_number(flag, value);
    else if (flag == "--seconds")
      seconds = positive_number(flag, value);
    else
      throw unknown_flag(flag);
  });
  opts.wants_help = flags.help;
  opts.quick = flags.quick;
  opts.topic_records = records.value_or(opts.quick ? quick_topic_records
                                                   : default_topic_records);
  auto default_time = opts.quick ? quick_measure_time : default_measure_time;
  opts.measure_time =
      std::chrono::seconds{seconds.value_or(default_time.count())};
  return opts;
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
  --dir PATH     keep state and logs under PATH (default: a temp dir, removed)
  --set K=V      a job setting for the in-memory job and the eddy program;
                 kafka.* ones also go to the bare consumer
  --eddy PATH    the eddy program (default: next to this program)
  --devkafka PATH the eddy-devkafka program (default: next to this program)
)";
}

} // namespace eddy::bench
