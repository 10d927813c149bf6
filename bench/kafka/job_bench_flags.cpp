// Parses the flags of the job benchmarks.
#include "bench/kafka/job_bench_flags.hpp"

#include <optional>

#include "bench/common/command_line.hpp"

namespace eddy::bench {

void parse_job_bench_flags(int argc, const char* const* argv,
                           const std::vector<std::string>& figures,
                           const job_bench_defaults& defaults,
                           job_bench_flags& flags) {
  std::optional<uint64_t> records;
  std::optional<uint64_t> seconds;
  auto common = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (read_run_flag(flag, value, figures, flags) ||
        read_cluster_flag(flag, value, flags))
      return;
    if (flag == "--records")
      records = positive_number(flag, value);
    else if (flag == "--seconds")
      seconds = positive_number(flag, value);
    else
      throw unknown_flag(flag);
  });
  flags.wants_help = common.help;
  flags.quick = common.quick;
  flags.topic_records = records.value_or(
      flags.quick ? defaults.quick_topic_records : defaults.topic_records);
  auto time = flags.quick ? defaults.quick_measure_time : defaults.measure_time;
  flags.measure_time = std::chrono::seconds{seconds.value_or(time.count())};
}

std::string job_bench_flags_help() {
  return R"(  --repeat N     runs per figure, each figure their median (default 3)
  --only NAME    run this figure only (repeatable; see above)
  --dir PATH     keep state and logs under PATH (default: a temp dir, removed)
  --set K=V      a job setting for the in-memory job and the eddy program;
                 kafka.* ones also go to the bare consumer
  --eddy PATH    the eddy program (default: next to this program)
  --devkafka PATH the eddy-devkafka program (default: next to this program)
)";
}

} // namespace eddy::bench
