// Parses eddy-bench-telemetry's flags.
#include "bench/telemetry/telemetry_bench_options.hpp"

namespace eddy::bench {

std::chrono::seconds telemetry_bench_options::warmup() const {
  return quick ? quick_latency_warmup : latency_warmup;
}

telemetry_bench_options parse_telemetry_options(int argc,
                                                const char* const* argv) {
  return parse_job_bench_options<telemetry_bench_options>(
      argc, argv, telemetry_figures,
      {default_topic_events, quick_topic_events, latency_window,
       quick_latency_window});
}

std::string telemetry_usage() {
  return R"(usage: eddy-bench-telemetry [--quick] [--records N] [--seconds N] [--repeat N]
                            [--only kafka|postgres|latency]... [--dir PATH]
                            [--set KEY=VALUE]... [--eddy PATH] [--devkafka PATH]

Measures the telemetry validation and deduplication (seed 004) and prints a
Markdown table; each figure is the median of --repeat runs (default 3),
rates a ratio to a baseline measured in the same invocation. Progress goes
to stderr. The events are the job's generator's (100,000 sensors in the
topic, the seed's 1,000 in the latency figure), distinct (no duplicates),
1% out of range.

  kafka     the eddy program (jobs=telemetry) reading a topic of N events
            from the dev Kafka cluster and writing validated_telemetry,
            against a bare librdkafka consumer reading the same topic; then
            the duration of a checkpoint with N ids in the dedup state
            (telemetry.dedup.window=1h)
  postgres  the same job inserting the events into a PostgreSQL 15 server
            of its own instead (telemetry.postgres.url), until the table
            holds all N, against the Kafka-out run
  latency   the eddy program from raw_telemetry to validated_telemetry at
            10,000 events/s, each event timed from its send (its timestamp)
            until it could be read from validated_telemetry: p99, p50, max

  --quick        a topic of 100,000 events, 1 s + 5 s of load
  --records N    events in the Kafka figures' topic (default 1,000,000)
  --seconds N    the latency figure's measured part (default 20, after 3 s
                 of warm-up)
)" + job_bench_flags_help();
}

} // namespace eddy::bench
