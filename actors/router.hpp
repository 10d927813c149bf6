// Splits a source's records by key into per-partition batches and keeps
// every batch until a checkpoint persisted it, so a restarted partition can
// be sent again what it had not persisted. Free of actors so tests can
// drive it. A batch is sealed into a message once it leaves: every send
// of it, and the copy kept for a restart, share that one message, so the
// partition reads the records where the router keeps them (no copy).
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

#include "caf/make_message.hpp"
#include "caf/message.hpp"

#include "actors/key_group.hpp"
#include "messages/stream.hpp"

namespace eddy {

template <class In, class Tag>
class router {
public:
  /// A batch sent to a partition and not yet persisted. `tag` is the
  /// caller's bookkeeping (e.g. who waits for the outputs).
  struct outbound {
    /// Holds the batch<In> alone: what is sent, as it is.
    caf::message message;
    std::optional<Tag> tag;

    const batch<In>& records() const { return message.get_as<batch<In>>(0); }
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
  /// the tag; returns the partitions that received records. New batches
  /// take `in`'s channel. Records of one offset (what a flat_map made of
  /// one message) stay in one batch, which may then exceed max_batch.
  std::vector<uint32_t> add(batch<In> in, std::optional<Tag> tag = {}) {
    std::vector<uint32_t> touched;
    if (in.records.empty())
      return touched;
    highest_added_[in.from] = in.records.back().offset;
    // Whether a partition's last pending batch takes more of `in`, decided
    // at the partition's first record: comparing source partitions (their
    // names) per record cost more than routing it.
    enum class share : uint8_t { unchecked, new_batch, append };
    std::vector<share> shares(partitions_.size(), share::unchecked);
    for (auto& rec : in.records) {
      auto p = groups_.partition_of(key_of_(rec.record));
      auto& q = partitions_[p].pending;
      auto& how = shares[p];
      if (how == share::unchecked)
        how = !tag && !q.empty() && !q.back().tag &&
                      q.back().records.from == in.from &&
                      q.back().records.delivered_through == in.delivered_through
                  ? share::append
                  : share::new_batch;
      if (how == share::new_batch ||
          (!tag && q.back().records.records.size() >= max_batch_ &&
           q.back().records.records.back().offset != rec.offset)) {
        q.push_back({batch<In>{in.from,
                               {},
                               tag.has_value(),
                               no_watermark,
                               in.channel,
                               in.delivered_through},
                     tag});
        // About this partition's share of `in`: batches are kept until a
        // checkpoint, so spare capacity is memory held for a second.
        q.back().records.records.reserve(
            std::min(max_batch_, in.records.size() / partitions_.size() + 16));
        if (tag)
          touched.push_back(p);
        how = share::append;
      }
      q.back().records.records.push_back(std::move(rec));
      ++buffered_;
      ++unapplied_;
    }
    return touched;
  }

  /// Stamps `watermark` on the last batch pending for partition `p`, which
  /// every record routed to `p` so far precedes. Returns false if nothing is
  /// pending for `p` (the caller then tells `p` itself).
  bool stamp_watermark(uint32_t p, int64_t watermark) {
    auto& pending = partitions_[p].pending;
    if (pending.empty())
      return false;
    pending.back().records.watermark = watermark;
    return true;
  }

  /// Moves batches of partition `p` from pending to in flight while credit
  /// allows and returns them for sending.
  std::vector<const outbound*> take_sendable(uint32_t p) {
    std::vector<const outbound*> result;
    auto& part = partitions_[p];
    while (!part.pending.empty() && part.in_flight.size() < credit_) {
      auto& next = part.pending.front();
      part.in_flight.push_back(
          {caf::make_message(std::move(next.records)), next.tag});
      part.pending.pop_front();
      result.push_back(&part.in_flight.back());
    }
    return result;
  }

  /// Partition `p` restarted from its last checkpoint: everything it had
  /// applied since is in flight again. Returns all in flight, in order, to
  /// send again.
  std::vector<const outbound*> resend(uint32_t p) {
    auto& part = partitions_[p];
    while (!part.applied.empty()) {
      part.in_flight.push_front(std::move(part.applied.back()));
      part.applied.pop_back();
    }
    unapplied_ += part.applied_records;
    part.applied_records = 0;
    std::vector<const outbound*> result;
    for (auto& out : part.in_flight)
      result.push_back(&out);
    return result;
  }

  /// The oldest in-flight batch of `p` is applied (its acknowledgement
  /// came): it is kept until a checkpoint persists it. Returns it.
  outbound& acknowledge(uint32_t p) {
    auto& part = partitions_[p];
    part.applied.push_back(std::move(part.in_flight.front()));
    part.in_flight.pop_front();
    auto n = part.applied.back().records().records.size();
    part.applied_records += n;
    unapplied_ -= n;
    return part.applied.back();
  }

  /// Drops the applied batches of `p` that `persisted` covers (each of
  /// their records is at or below its source partition's position) and
  /// calls `released(outbound&)` for each, in order.
  template <class F>
  void release(uint32_t p, const position_map& persisted, F&& released) {
    auto& part = partitions_[p];
    std::deque<outbound> kept;
    for (auto& out : part.applied) {
      auto& recs = out.records().records;
      auto pos = persisted.find(out.records().from);
      if (!recs.empty() &&
          (pos == persisted.end() || recs.back().offset > pos->second)) {
        kept.push_back(std::move(out));
        continue;
      }
      part.applied_records -= recs.size();
      buffered_ -= recs.size();
      released(out);
    }
    part.applied = std::move(kept);
  }

  /// Per source partition, the highest offset X such that every record at
  /// or below X that was added is acknowledged: what a source may commit.
  position_map acknowledged() const {
    auto result = highest_added_;
    std::map<source_partition, offset_t> lowest_open;
    auto visit = [&](const auto& queue) {
      for (auto& out : queue) {
        auto& recs = records_of(out);
        if (recs.records.empty())
          continue;
        auto first = recs.records.front().offset;
        auto [i, added] = lowest_open.try_emplace(recs.from, first);
        if (!added)
          i->second = std::min(i->second, first);
      }
    };
    for (auto& part : partitions_) {
      visit(part.pending);
      visit(part.in_flight);
      visit(part.applied);
    }
    for (auto& [from, lowest] : lowest_open)
      result[from] = lowest - 1;
    return result;
  }

  /// Records not yet persisted: pending, in flight or applied.
  size_t buffered() const noexcept { return buffered_; }

  /// Records not yet applied: pending or in flight.
  size_t unapplied() const noexcept { return unapplied_; }

  size_t partitions() const noexcept { return partitions_.size(); }

private:
  /// A batch still taking records, not yet sent.
  struct open_batch {
    batch<In> records;
    std::optional<Tag> tag;
  };

  static const batch<In>& records_of(const open_batch& x) { return x.records; }
  static const batch<In>& records_of(const outbound& x) { return x.records(); }

  struct partition_queues {
    std::deque<open_batch> pending;
    std::deque<outbound> in_flight;
    std::deque<outbound> applied; // acknowledged, not yet persisted
    size_t applied_records = 0;
  };

  key_groups groups_;
  size_t max_batch_;
  size_t credit_;
  std::function<std::string_view(const In&)> key_of_;
  std::vector<partition_queues> partitions_;
  size_t buffered_ = 0;
  size_t unapplied_ = 0;
  position_map highest_added_;
};

} // namespace eddy
