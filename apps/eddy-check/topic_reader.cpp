// A group consumer that starts every partition at its first offset and stops
// once its position reached the end offsets taken at start. The position,
// not the last message, decides: transaction markers take offsets too.
#include "apps/eddy-check/topic_reader.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>

#include <unistd.h>

#include "apps/eddy-check/check_defaults.hpp"
#include "apps/eddy-check/error_context.hpp"
#include "connectors/kafka/consumer.hpp"
#include "messages/error.hpp"

namespace eddy::check {

namespace {

using clock = std::chrono::steady_clock;
using range_map = std::map<source_partition, offset_range>;

// A group of its own, so nothing another reader committed moves the start.
std::string fresh_group_id() {
  static std::atomic<int> next{0};
  auto now = clock::now().time_since_epoch().count();
  return "eddy-check-" + std::to_string(getpid()) + "-" + std::to_string(now) +
         "-" + std::to_string(next++);
}

kafka_properties properties_for(const kafka_access& kafka) {
  auto session_ms = std::chrono::milliseconds{kafka_session_timeout}.count();
  return {{"bootstrap.servers", kafka.bootstrap},
          {"group.id", fresh_group_id()},
          {"isolation.level",
           kafka.is_read_committed ? "read_committed" : "read_uncommitted"},
          {"session.timeout.ms", std::to_string(session_ms)},
          {"heartbeat.interval.ms", std::to_string(session_ms / 6)}};
}

// The first partition whose position has not reached its end, if any.
const source_partition* first_unfinished(const range_map& ranges,
                                         const position_map& positions) {
  for (auto& [part, range] : ranges) {
    if (range.end <= range.begin)
      continue;
    auto at = positions.find(part);
    if (at == positions.end() || at->second < range.end)
      return &part;
  }
  return nullptr;
}

std::string where(const std::string& topic, int32_t partition,
                  offset_t offset) {
  return "topic '" + topic + "' partition " + std::to_string(partition) +
         " offset " + std::to_string(offset);
}

} // namespace

caf::expected<uint64_t> read_topic_lines(const std::string& topic,
                                         const kafka_access& kafka,
                                         const line_handler& handle) {
  auto context = "kafka " + kafka.bootstrap;
  // Filled before the first assignment, which only happens inside poll().
  range_map ranges;
  kafka_rebalance_callbacks callbacks;
  callbacks.on_assigned =
      [&ranges](const std::vector<source_partition>& parts) {
        std::map<source_partition, offset_t> starts;
        for (auto& part : parts)
          if (auto range = ranges.find(part); range != ranges.end())
            starts[part] = range->second.begin;
        return starts;
      };
  auto consumer =
      kafka_consumer::make(properties_for(kafka), {topic}, callbacks);
  if (!consumer)
    return in_context(consumer.error(), context);
  auto offsets = consumer->offsets(topic, kafka_request_timeout);
  if (!offsets)
    return in_context(offsets.error(), context);
  ranges = std::move(*offsets);
  // Brokers that create topics on demand answer for a misspelt name too.
  if (std::all_of(ranges.begin(), ranges.end(),
                  [](auto& x) { return x.second.end <= x.second.begin; }))
    std::cerr << "eddy-check: warning: topic '" << topic
              << "' holds no records\n";
  for (auto& [part, range] : ranges)
    if (range.begin > 0)
      std::cerr << "eddy-check: warning: topic '" << topic << "' partition "
                << part.partition << " starts at offset " << range.begin
                << ": the records before it are gone\n";
  uint64_t handled = 0;
  auto positions = consumer->positions();
  auto last_progress = clock::now();
  while (auto* pending = first_unfinished(ranges, positions)) {
    auto batch =
        consumer->poll(kafka_poll_batch, std::chrono::milliseconds{100});
    if (!batch)
      return in_context(batch.error(), context + " topic '" + topic + "'");
    for (auto& msg : *batch) {
      auto range = ranges.find({msg.topic, msg.partition});
      if (range == ranges.end() || msg.offset >= range->second.end ||
          msg.payload.empty())
        continue;
      ++handled;
      if (auto err = handle(msg.payload))
        return in_context(err, where(topic, msg.partition, msg.offset));
    }
    auto now_positions = consumer->positions();
    if (!batch->empty() || now_positions != positions) {
      last_progress = clock::now();
    } else if (clock::now() - last_progress > kafka_stall_timeout) {
      auto at = now_positions.find(*pending);
      return make_error(
          ec::connector_failure,
          context + " topic '" + topic + "': nothing arrived for " +
              std::to_string(
                  std::chrono::seconds{kafka_stall_timeout}.count()) +
              " s; partition " + std::to_string(pending->partition) +
              " is at offset " +
              (at == now_positions.end() ? std::string{"(none yet)"}
                                         : std::to_string(at->second)) +
              " of " + std::to_string(ranges[*pending].end));
    }
    positions = std::move(now_positions);
  }
  consumer->close();
  return handled;
}

} // namespace eddy::check
