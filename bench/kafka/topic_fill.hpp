// Fills a benchmark's input topic once on the dev cluster, in large
// batches, and checks the cluster kept all of it; how many partitions a
// topic needs for that.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace eddy::bench {

/// The dev cluster keeps at most 5 MiB per partition and silently drops the
/// oldest data past it. A topic filled with at most this many bytes per
/// partition (messages as stored in large batches) stays well inside it.
constexpr uint64_t fill_bytes_per_partition = 3'500'000;

/// Partitions a topic of `records` messages of about `bytes_per_message`
/// each (key, payload and the record's framing in a large batch) needs so
/// that none holds more than fill_bytes_per_partition; at least `at_least`.
int partitions_for(uint64_t records, uint64_t bytes_per_message, int at_least);

/// What a topic is filled with: message `i`'s key and payload (both
/// cleared before each call), and what the messages are called in progress
/// lines ("transactions").
struct topic_messages {
  std::string noun;
  std::function<void(uint64_t i, std::string& key, std::string& payload)> make;
};

/// The mean size of a key and payload of `messages` 0..`records`-1,
/// sampled over 1000 of them spread evenly.
double mean_message_bytes(const topic_messages& messages, uint64_t records);

/// partitions_for `records` messages of `mean_bytes` keys and payloads
/// each, with the framing of a record in a large batch added; at least
/// `at_least`.
int partitions_for_mean(uint64_t records, double mean_bytes, int at_least);

/// Produces messages 0..`records`-1 of `messages` to `topic` on the cluster
/// at `bootstrap`, in large batches (see topic_fill.cpp), printing
/// progress. Then checks the cluster still holds every one of them, after
/// the `held_before` the topic held already. Throws bench_failure if a
/// delivery failed or data was dropped.
void fill_topic(const std::string& bootstrap, const std::string& topic,
                uint64_t records, const topic_messages& messages,
                uint64_t held_before = 0);

} // namespace eddy::bench
