// Produces an input topic with eddy's Kafka producer and checks what the
// dev cluster kept.
#include "bench/kafka/topic_fill.hpp"

#include <chrono>

#include <algorithm>
#include <cmath>

#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/results_table.hpp"
#include "bench/common/stopwatch.hpp"
#include "connectors/kafka/consumer.hpp"
#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

/// The dev cluster answers a fetch with at most one stored batch per
/// partition, so the batches the topic is written in bound how fast anyone
/// can read it. Large ones (librdkafka's limit, 10,000 messages) let a
/// fetch return about what a real broker's would (up to
/// max.partition.fetch.bytes, 1 MiB): the producer lingers long enough to
/// fill them and may queue the whole topic meanwhile.
const kafka_properties fill_producer_settings{
    {"linger.ms", "1000"},
    {"batch.num.messages", "10000"},
    {"queue.buffering.max.messages", "10000000"},
    {"queue.buffering.max.kbytes", "2097151"}};

constexpr uint64_t records_per_progress_line = 1'000'000;

/// What a message takes in a large batch besides its key and payload: the
/// record's length, attributes, timestamp and offset deltas, the key's and
/// value's lengths and the header count, all varints.
constexpr double record_framing_bytes = 12;

/// Messages whose sizes estimate the mean, for the partition count.
constexpr uint64_t sampled_messages = 1000;

constexpr std::chrono::seconds delivery_timeout{120};

// Checks that the cluster holds `records` messages in `topic`, starting at
// offset 0 in every partition.
void check_retained(const std::string& bootstrap, const std::string& topic,
                    uint64_t records) {
  auto consumer = kafka_consumer::make(
      {{"bootstrap.servers", bootstrap}, {"group.id", "eddy-bench-offsets"}},
      {}, {});
  if (!consumer)
    throw bench_failure{"cannot make a consumer: " +
                        describe(consumer.error())};
  auto ranges = consumer->offsets(topic, std::chrono::seconds{30});
  if (!ranges)
    throw bench_failure{describe(ranges.error())};
  uint64_t held = 0;
  for (auto& [part, range] : *ranges) {
    if (range.begin != 0)
      throw bench_failure{
          topic + "/" + std::to_string(part.partition) + " starts at offset " +
          std::to_string(range.begin) +
          ": the dev cluster dropped its oldest data (over 5 MiB per "
          "partition); lower fill_bytes_per_partition"};
    held += static_cast<uint64_t>(range.end - range.begin);
  }
  if (held != records)
    throw bench_failure{topic + " holds " + with_commas(held) +
                        " messages, not the " + with_commas(records) +
                        " produced"};
}

} // namespace

int partitions_for(uint64_t records, uint64_t bytes_per_message, int at_least) {
  auto per_partition =
      std::max<uint64_t>(1, fill_bytes_per_partition / bytes_per_message);
  auto needed = (records + per_partition - 1) / per_partition;
  return std::max(at_least, static_cast<int>(needed));
}

double mean_message_bytes(const topic_messages& messages, uint64_t records) {
  std::string key;
  std::string payload;
  double bytes = 0;
  for (uint64_t i = 0; i < sampled_messages; ++i) {
    key.clear();
    payload.clear();
    messages.make(i * records / sampled_messages, key, payload);
    bytes += static_cast<double>(key.size() + payload.size());
  }
  return bytes / sampled_messages;
}

int partitions_for_mean(uint64_t records, double mean_bytes, int at_least) {
  return partitions_for(
      records,
      static_cast<uint64_t>(std::ceil(mean_bytes + record_framing_bytes)),
      at_least);
}

void fill_topic(const std::string& bootstrap, const std::string& topic,
                uint64_t records, const topic_messages& messages,
                uint64_t held_before) {
  auto props = fill_producer_settings;
  props["bootstrap.servers"] = bootstrap;
  auto producer = kafka_producer::make(props);
  if (!producer)
    throw bench_failure{"cannot make a producer: " +
                        describe(producer.error())};
  stopwatch elapsed;
  std::string key;
  std::string payload;
  for (uint64_t i = 0; i < records; ++i) {
    key.clear();
    payload.clear();
    messages.make(i, key, payload);
    if (auto sent = producer->send(topic, key, payload); !sent)
      throw bench_failure{"filling " + topic + ": " + describe(sent.error())};
    if ((i + 1) % records_per_progress_line == 0)
      progress("  queued " + with_commas(i + 1) + " of " +
               with_commas(records) + " " + messages.noun);
  }
  if (auto done = producer->flush(delivery_timeout); !done)
    throw bench_failure{"filling " + topic + ": " + describe(done.error())};
  auto ms = elapsed.elapsed_ms();
  progress(
      "  " + with_commas(records) + " " + messages.noun + " in " + topic +
      " in " + format(ms, unit::ms) + " (" +
      format(static_cast<double>(records) / (ms / 1000), unit::per_second) +
      ")");
  check_retained(bootstrap, topic, held_before + records);
}

} // namespace eddy::bench
