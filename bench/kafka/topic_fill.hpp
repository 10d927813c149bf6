// Fills the throughput figures' input topic once: the seed's transactions,
// tab-delimited and keyed by item, as the job reads them.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench {

/// Produces `records` transactions (ids 0..records-1, event time the wall
/// clock, items from the seed's Pareto distribution over distinct_items)
/// to `topic` on the cluster at `bootstrap`, keyed by item id, in large
/// batches (see topic_fill.cpp), printing progress. Then checks the
/// cluster still holds every one of them: the dev cluster silently drops a
/// partition's oldest data past 5 MiB. Throws bench_failure if a delivery
/// failed or data was dropped.
void fill_topic(const std::string& bootstrap, const std::string& topic,
                uint64_t records);

} // namespace eddy::bench
