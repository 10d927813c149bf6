// The MQTT figures: states queued on a mosquitto of our own, drained by
// mosquitto_sub (baseline) and by the eddy program running the machines
// job.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/machines/machine_bench_options.hpp"

namespace eddy::bench {

/// Per run, a broker under `dir`, opts.topic_records states published to
/// machine/states with eddy-gen (QoS 1, rate 0) after two persistent
/// sessions subscribed to it; then `mosquitto_sub -q 1 -C N` drains one
/// session (timed from its start to its exit) and the eddy program
/// (jobs=machines) the other (timed from its first reading applied to its
/// last, polled on /v1/jobs). Two rows: mosquitto_sub, then eddy against
/// it. Throws bench_failure if a step fails or times out.
std::vector<figure_result> measure_mqtt(const machine_bench_options& opts,
                                        const std::string& dir);

} // namespace eddy::bench
