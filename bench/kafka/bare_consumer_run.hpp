// One run of the throughput figures' baseline as a row's metrics: the bare
// consumer reading a whole filled topic, with progress.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// Reads `records` messages of `topic` (`partitions` of them) on the
/// cluster at `bootstrap` with a fresh bare consumer (read_with_bare_consumer;
/// client properties as eddy's source gets them, with the kafka.* ones of
/// `extra`) and prints its rate. Answers records/s, then the MB/s of keys
/// and payloads (named "key and <payload>", e.g. "key and JSON"), when the
/// first record came and the partitions. Throws as read_with_bare_consumer.
std::vector<metric> bare_consumer_run(const std::string& bootstrap,
                                      const setting_list& extra,
                                      const std::string& topic, int partitions,
                                      uint64_t records,
                                      const std::string& payload);

} // namespace eddy::bench
