// Parses eddy-bench-kafka's flags.
#include "bench/kafka/bench_options.hpp"

#include <string_view>

#include "bench/common/command_line.hpp"
#include "bench/kafka/topic_fill.hpp"

namespace eddy::bench {

uint64_t bench_options::throughput_records() const {
  if (records)
    return *records;
  return quick ? quick_records : default_records;
}

std::chrono::milliseconds bench_options::warmup() const {
  return quick ? quick_latency_warmup : latency_warmup;
}

std::chrono::milliseconds bench_options::window() const {
  return quick ? quick_latency_window : latency_window;
}

int input_partitions_for(uint64_t records) {
  return partitions_for(records, transaction_bytes_in_batch,
                        min_input_partitions);
}

bench_options parse_options(int argc, const char* const* argv) {
  bench_options opts;
  auto flags = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (read_run_flag(flag, value, figure_names, opts) ||
        read_cluster_flag(flag, value, opts))
      return;
    if (flag == "--records")
      opts.records = positive_number(flag, value);
    else if (flag == "--rate")
      opts.latency_rate = bounded_number(flag, value, 10'000'000);
    else
      throw unknown_flag(flag);
  });
  opts.wants_help = flags.help;
  opts.quick = flags.quick;
  return opts;
}

std::string usage() {
  return R"(usage: eddy-bench-kafka [--quick] [--records N] [--repeat N] [--rate N]
                        [--dir PATH] [--only throughput|latency]...
                        [--set KEY=VALUE]... [--eddy PATH] [--devkafka PATH]

Measures issue 5's Kafka figures against the dev Kafka cluster
(eddy-devkafka) and prints a Markdown table; each figure is the median of
--repeat runs (default 3). Progress goes to stderr.

  throughput  the input topic filled once with N tab-delimited transactions
              (default 5M over 1M items); per run a bare librdkafka consumer
              reads all of it (the baseline), then the eddy program
              (generator off, results to Kafka) processes all of it; rates
              from the first record to the last, so start-up and the
              consumer group's join are left out
  latency     eddy from Kafka to Kafka while a paced producer writes 100k
              transactions/s; p50/p99 of result received - transaction sent
              over 10 s after a 3 s warm-up

  --quick        200k transactions, 1 s warm-up and 2 s measured (a smoke run)
  --records N    N transactions in the throughput figures' topic
  --rate N       the latency figure's load, transactions/s
  --dir PATH     keep state and logs under PATH (default: a temp dir, removed)
  --set K=V      an eddy setting for every figure (e.g.
                 kafka.fetch.wait.max.ms=10); kafka.* ones also go to the
                 bare consumer
  --eddy PATH    the eddy program (default: next to this program)
  --devkafka PATH the eddy-devkafka program (default: next to this program)
)";
}

} // namespace eddy::bench
