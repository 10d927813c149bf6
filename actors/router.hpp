// Splits a source's records by key into per-partition batches and keeps
// every batch until its partition acknowledges it, so a restarted partition
// can be sent what it had not persisted. Free of actors so tests can drive it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/key_group.hpp"
#include "messages/stream.hpp"

namespace eddy {

template <class In, class Tag>
class router {
public:
  /// A batch sent to a partition and not yet acknowledged. `tag` is the
  /// caller's bookkeeping (e.g. who waits for the outputs).
  struct outbound {
    batch<In> records;
    std::optional<Tag> tag;
  };

  /// `key_of` maps a record to its key; `max_batch` bounds records per
  /// batch; `credit` bounds unacknowledged batches per partition.
  template <class KeyOf>
  router(key_groups groups, size_t max_batch, size_t credit, KeyOf key_of)
      : groups_(groups), max_batch_(max_batch), credit_(credit),
        partitions_(groups.partitions()) {
    key_of_ = [f = std::move(key_of)](const In& x) { return f(x); };
  }

  /// Queues `in`'s records for their partitions. With a tag, each
  /// partition's share is its own batch, marked as wanting outputs, carrying
  /// the tag; returns the partitions that received records.
  std::vector<uint32_t> add(batch<In> in, std::optional<Tag> tag = {}) {
    std::vector<uint32_t> touched;
    for (auto& rec : in.records) {
      auto p = groups_.partition_of(key_of_(rec.record));
      auto& q = partitions_[p].pending;
      bool has_tagged_batch =
          tag && std::find(touched.begin(), touched.end(), p) != touched.end();
      if (!has_tagged_batch &&
          (tag || q.empty() || q.back().tag ||
           q.back().records.from != in.from ||
           q.back().records.records.size() >= max_batch_)) {
        q.push_back({batch<In>{in.from, {}, tag.has_value()}, tag});
        if (tag)
          touched.push_back(p);
      }
      highest_added_[in.from] = rec.offset;
      q.back().records.records.push_back(std::move(rec));
      ++buffered_;
    }
    return touched;
  }

  /// Moves batches of partition `p` from pending to in flight while credit
  /// allows and returns them for sending.
  std::vector<const outbound*> take_sendable(uint32_t p) {
    std::vector<const outbound*> result;
    auto& part = partitions_[p];
    while (!part.pending.empty() && part.in_flight.size() < credit_) {
      part.in_flight.push_back(std::move(part.pending.front()));
      part.pending.pop_front();
      result.push_back(&part.in_flight.back());
    }
    return result;
  }

  /// Everything in flight for partition `p`, to send again after a restart.
  std::vector<const outbound*> in_flight(uint32_t p) const {
    std::vector<const outbound*> result;
    for (auto& out : partitions_[p].in_flight)
      result.push_back(&out);
    return result;
  }

  /// Removes the oldest in-flight batch of `p` (its acknowledgement came)
  /// and returns it.
  outbound acknowledge(uint32_t p) {
    auto& q = partitions_[p].in_flight;
    auto out = std::move(q.front());
    q.pop_front();
    buffered_ -= out.records.records.size();
    return out;
  }

  /// Per source partition, the highest offset X such that every record at
  /// or below X that was added is acknowledged: what a source may commit.
  position_map acknowledged() const {
    auto result = highest_added_;
    std::map<source_partition, offset_t> lowest_open;
    auto visit = [&](const std::deque<outbound>& queue) {
      for (auto& out : queue) {
        if (out.records.records.empty())
          continue;
        auto first = out.records.records.front().offset;
        auto [i, added] = lowest_open.try_emplace(out.records.from, first);
        if (!added)
          i->second = std::min(i->second, first);
      }
    };
    for (auto& part : partitions_) {
      visit(part.pending);
      visit(part.in_flight);
    }
    for (auto& [from, lowest] : lowest_open)
      result[from] = lowest - 1;
    return result;
  }

  /// Records not yet acknowledged, pending or in flight.
  size_t buffered() const noexcept { return buffered_; }

  size_t partitions() const noexcept { return partitions_.size(); }

private:
  struct partition_queues {
    std::deque<outbound> pending;
    std::deque<outbound> in_flight;
  };

  key_groups groups_;
  size_t max_batch_;
  size_t credit_;
  std::function<std::string_view(const In&)> key_of_;
  std::vector<partition_queues> partitions_;
  size_t buffered_ = 0;
  position_map highest_added_;
};

} // namespace eddy
