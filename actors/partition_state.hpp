// The logic of a partition, free of actors so tests can drive it directly:
// apply batches to keyed state exactly once, and at each checkpoint persist
// the keys changed since the last one (whole key groups when many changed)
// together with the positions they cover, atomically. Other threads may read
// the state meanwhile (read_concurrently): a batch is applied under a writer
// lock.
//
// The job layer (runtime/process_logic.hpp) supplies `Logic` with:
//   using input = ...; using output = ...; using value = ...;
//   std::string_view key_of(const input&) const;
//   // reads the input (kept by its ingress until a checkpoint, shared with
//   // a resend), writes and erases keys:
//   void apply(const input&, keyed_state<value>&, std::vector<output>&,
//              const partition_clock&);
//   static void encode(const value&, std::string& out); // sets out
//   static caf::expected<value> decode(std::string_view);
// and optionally, for timers and state that expires:
//   // after every batch and when time moves: fire what is due
//   void on_time(const partition_clock&, keyed_state<value>&,
//                std::vector<output>&);
//   // state besides the values (pending timers, map state), written and
//   // read back with each checkpoint in the same column family
//   void write_extra(state_store::batch&, const std::string& family,
//                    int32_t partition, const key_groups&);
//   // (also rebuilds what it derives from the restored values)
//   caf::expected<void> restore_extra(const state_store&,
//                                     const std::string& family,
//                                     int32_t partition, const key_groups&,
//                                     keyed_state<value>&);
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "caf/expected.hpp"

#include "actors/key_group.hpp"
#include "actors/keyed_state.hpp"
#include "actors/persisted_positions.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "messages/error.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// Where time stands for a partition while it applies a batch: the event
/// time its inputs have all reached (the minimum of their watermarks) and
/// the wall clock.
struct partition_clock {
  int64_t watermark = no_watermark;
  int64_t processing_time = 0;
};

template <class Logic>
class partition_state {
public:
  using input = typename Logic::input;
  using output = typename Logic::output;
  using value = typename Logic::value;

  /// Partition `id` of `groups`, keeping its state in `family` of `store`,
  /// fed by `channels` ingresses.
  partition_state(int32_t id, key_groups groups,
                  std::shared_ptr<state_store> store, std::string family,
                  Logic logic, size_t channels = 1)
      : id_(id), groups_(groups), store_(std::move(store)),
        family_(std::move(family)), logic_(std::move(logic)),
        channels_(std::max<size_t>(channels, 1), idle_watermark) {}

  /// Loads the values of this partition's key groups, its positions and its
  /// watermark; a persisted watermark beyond `max_watermark` (which only a
  /// record from far in the future can have made) is dropped, so event time
  /// starts over from the inputs (see dropped_watermark). Fails with
  /// ec::storage_failure on a read error or undecodable value.
  [[nodiscard]] caf::expected<void>
  restore(int64_t max_watermark = idle_watermark) {
    if (auto ok = reserve_persisted_count(); !ok)
      return ok;
    caf::error failure;
    typename keyed_state<value>::loader loader{state_};
    auto load = [&](std::string_view key, std::string_view bytes) {
      auto decoded = Logic::decode(bytes);
      if (!decoded) {
        failure =
            make_error(ec::storage_failure,
                       "cannot decode the value of key '" + std::string{key} +
                           "': " + describe(decoded.error()));
        return;
      }
      loader.load(key, std::move(*decoded));
    };
    auto load_group = [&](std::string_view key, std::string_view values) {
      if (!layout::for_each_entry(values, load))
        failure = make_error(
            ec::storage_failure,
            "the values of key group " +
                std::to_string(layout::read_u32(key.substr(1))) + " end early");
    };
    auto load_single = [&](std::string_view key, std::string_view bytes) {
      load(layout::user_key(key), bytes);
    };
    std::vector<std::string> grouped;
    std::vector<std::string> single;
    std::vector<std::string> deleted;
    for (auto g : owned_groups()) {
      grouped.push_back(layout::group_values_key(g));
      single.push_back(layout::group_prefix(g));
      deleted.push_back(layout::deleted_prefix(g));
    }
    // A group's single keys and deletion marks are newer than its grouped
    // values (writing those deletes them), so they come last and win.
    if (auto ok = store_->scan(family_, grouped, load_group); !ok)
      return ok.error();
    if (auto ok = store_->scan(family_, single, load_single); !ok)
      return ok.error();
    loader.finish();
    if (failure)
      return failure;
    auto erase = [&](std::string_view key, std::string_view) {
      state_.erase(layout::user_key(key));
      marked_.emplace(layout::user_key(key));
    };
    if (auto ok = store_->scan(family_, deleted, erase); !ok)
      return ok.error();
    // What the store holds is no change to write back.
    state_.forget_changes();
    auto positions = partition_positions(*store_, family_, id_);
    if (!positions)
      return positions.error();
    positions_ = std::move(*positions);
    if (auto ok = restore_watermark(max_watermark); !ok)
      return ok;
    if constexpr (requires {
                    logic_.restore_extra(*store_, family_, id_, groups_,
                                         state_);
                  })
      return logic_.restore_extra(*store_, family_, id_, groups_, state_);
    return caf::unit;
  }

  /// What a checkpoint writes: the changed values and the positions.
  struct snapshot {
    state_store::batch writes;
    position_map positions;
    uint64_t bytes = 0;
  };

  /// Applies the records of `in` not applied before, appending outputs to
  /// `out` (none for records `in` says were delivered). Then takes the
  /// batch's watermark (see advance) and lets the logic fire what is due.
  /// `now` is the wall clock. Nothing is persisted until the next
  /// checkpoint.
  batch_ack<output> apply(const batch<input>& in, std::vector<output>& out,
                          int64_t now = 0) {
    // One lock per batch, not per record: readers wait at most for one
    // batch, and the apply loop stays free of atomics.
    std::lock_guard guard{*lock_};
    batch_ack<output> ack;
    ack.from = in.from;
    auto [pos, added] = positions_.try_emplace(in.from, offset_t{-1});
    // Records of one source offset (what a flat_map made of one message)
    // arrive in one batch: all of them apply, or none if the offset was
    // applied before.
    auto applied_before = pos->second;
    clock_.processing_time = now;
    auto& recs = in.records;
    for (size_t i = 0; i < recs.size(); ++i) {
      auto& rec = recs[i];
      // The state lookup is a cache miss: start the one a few records on.
      if (i + prefetch_distance < recs.size())
        state_.prefetch(logic_.key_of(recs[i + prefetch_distance].record));
      if (rec.offset <= applied_before) {
        ++ack.skipped;
        continue;
      }
      auto emitted = out.size();
      logic_.apply(rec.record, state_, out, clock_);
      if (rec.offset <= in.delivered_through)
        out.resize(emitted);
      pos->second = rec.offset;
      ++ack.applied;
    }
    ack.last_offset = pos->second;
    processed_ += ack.applied;
    take_watermark(in.channel, in.watermark);
    fire_due(out);
    return ack;
  }

  /// Channel `channel`'s ingress says its inputs reached `watermark` (or
  /// are idle: idle_watermark). Returns whether the partition's watermark,
  /// the minimum over its channels, moved; the logic then fired what is
  /// due into `out`.
  bool advance(int32_t channel, int64_t watermark, std::vector<output>& out,
               int64_t now) {
    std::lock_guard guard{*lock_};
    clock_.processing_time = now;
    auto before = clock_.watermark;
    take_watermark(channel, watermark);
    fire_due(out);
    return clock_.watermark != before;
  }

  /// The wall clock reached `now`: the logic fires processing-time timers
  /// and expires state into `out`.
  void tick(int64_t now, std::vector<output>& out) {
    std::lock_guard guard{*lock_};
    clock_.processing_time = now;
    fire_due(out);
  }

  /// The event time every input of this partition reached, no_watermark
  /// before any.
  int64_t watermark() const noexcept { return clock_.watermark; }

  /// The persisted watermark restore() dropped for being beyond its bound,
  /// if it did.
  std::optional<int64_t> dropped_watermark() const noexcept {
    return dropped_watermark_;
  }

  /// Takes the values changed since the last snapshot and the positions
  /// now applied, for checkpoint `id`; write them with state_store::write.
  /// If that write fails the snapshot's changes are lost from the store:
  /// the caller must discard this object and restore a fresh one.
  snapshot take_snapshot(int64_t id) {
    snapshot result;
    auto& writes = result.writes;
    if (layout::write_whole(state_.changed(), state_.size()))
      write_groups(writes);
    else
      write_changes(writes);
    for (auto& [from, offset] : positions_)
      writes.put(family_, layout::position_key(id_, from),
                 std::to_string(offset));
    writes.put(family_, layout::checkpoint_key(id_), std::to_string(id));
    writes.put(family_, layout::key_count_key(id_),
               std::to_string(state_.size()));
    writes.put(family_, layout::watermark_key(id_),
               std::to_string(clock_.watermark));
    if constexpr (requires {
                    logic_.write_extra(writes, family_, id_, groups_);
                  })
      logic_.write_extra(writes, family_, id_, groups_);
    result.bytes = writes.bytes();
    result.positions = positions_;
    return result;
  }

  /// The value of `key` (nullopt if never written) as of the last batch
  /// applied, from any thread. Waits at most `wait` for the batch being
  /// applied, else fails with ec::timeout; fails with ec::unavailable once
  /// retired. A snapshot does not block it: it only clears change marks,
  /// which a lookup does not read.
  [[nodiscard]] caf::expected<std::optional<value>>
  read_concurrently(std::string_view key,
                    std::chrono::milliseconds wait) const {
    std::shared_lock guard{*lock_, std::defer_lock};
    // By the system clock: with the steady clock libstdc++ waits in
    // pthread_rwlock_clockrdlock, which ThreadSanitizer does not see.
    if (!guard.try_lock() &&
        !guard.try_lock_until(std::chrono::system_clock::now() + wait))
      return make_error(ec::timeout, "partition " + std::to_string(id_) +
                                         " is still applying a batch");
    if (is_retired_)
      return make_error(ec::unavailable,
                        "partition " + std::to_string(id_) + " stopped");
    if (auto* val = state_.find(key))
      return std::optional<value>{*val};
    return std::optional<value>{};
  }

  /// Refuses every later read_concurrently, after the ones running now:
  /// a dead partition's state must not answer once its successor may have
  /// answered newer values.
  void retire() {
    std::lock_guard guard{*lock_};
    is_retired_ = true;
  }

  /// The highest offset applied per source partition.
  const position_map& positions() const noexcept { return positions_; }

  /// Records applied since this object was created.
  uint64_t records_processed() const noexcept { return processed_; }

  /// Number of keys held.
  size_t size() const noexcept { return state_.size(); }

  int32_t id() const noexcept { return id_; }

  const std::string& family() const noexcept { return family_; }

  state_store& store() const noexcept { return *store_; }

private:
  static constexpr size_t prefetch_distance = 16;

  std::vector<uint32_t> owned_groups() const {
    return groups_.groups_of(static_cast<uint32_t>(id_));
  }

  // One key per changed key, deletions first: a key erased and written
  // again since the last checkpoint ends up present. An erased key's
  // value goes and a mark takes its place, which hides it in its group's
  // whole value too; writing the key again removes the mark.
  void write_changes(state_store::batch& writes) {
    std::string key_bytes;
    std::string mark_bytes;
    std::string value_bytes;
    state_.drain_erased([&](std::string_view key) {
      auto group = groups_.group_of(key);
      layout::assign_value_key(key_bytes, group, key);
      layout::assign_deleted_key(mark_bytes, group, key);
      writes.erase(family_, key_bytes);
      writes.put(family_, mark_bytes, {});
      marked_.emplace(key);
    });
    state_.drain_changes([&](std::string_view key, const value& val) {
      auto group = groups_.group_of(key);
      layout::assign_value_key(key_bytes, group, key);
      Logic::encode(val, value_bytes);
      writes.put(family_, key_bytes, value_bytes);
      // Only keys erased before carry a mark: the others cost nothing.
      if (!marked_.empty())
        if (auto mark = marked_.find(std::string{key}); mark != marked_.end()) {
          layout::assign_deleted_key(mark_bytes, group, key);
          writes.erase(family_, mark_bytes);
          marked_.erase(mark);
        }
    });
  }

  // Every key, one value per key group, and the groups' single keys
  // deleted: when many keys changed, a few large values cost RocksDB far
  // less than a million small ones (sorting, flushing and compacting those
  // took half the job's CPU at 2M tx/s).
  void write_groups(state_store::batch& writes) {
    state_.forget_changes();
    marked_.clear();
    auto owned = owned_groups();
    std::vector<std::string> values(owned.size());
    std::string value_bytes;
    state_.for_each([&](std::string_view key, const value& val) {
      Logic::encode(val, value_bytes);
      layout::append_entry(values[groups_.group_of(key) - owned.front()], key,
                           value_bytes);
    });
    for (size_t i = 0; i < owned.size(); ++i) {
      writes.erase_range(family_, layout::group_prefix(owned[i]),
                         layout::group_prefix(owned[i] + 1));
      writes.erase_range(family_, layout::deleted_prefix(owned[i]),
                         layout::deleted_prefix(owned[i] + 1));
      writes.put(family_, layout::group_values_key(owned[i]), values[i]);
    }
  }

  // Sizes the table for the keys the last checkpoint held (absent in a
  // store written before the count was).
  caf::expected<void> reserve_persisted_count() {
    auto count = store_->get(family_, layout::key_count_key(id_));
    if (!count)
      return count.error();
    size_t n = 0;
    // Only a hint: a count that does not parse leaves n at 0, no reserve.
    if (*count)
      std::from_chars((*count)->data(), (*count)->data() + (*count)->size(), n);
    state_.reserve(n);
    return caf::unit;
  }

  // The watermark persisted with the last checkpoint: timers up to it have
  // fired, so the logic must not fire them again.
  caf::expected<void> restore_watermark(int64_t max_watermark) {
    auto stored = store_->get(family_, layout::watermark_key(id_));
    if (!stored)
      return stored.error();
    if (!*stored)
      return caf::unit;
    int64_t mark = no_watermark;
    auto [end, err] = std::from_chars(
        (*stored)->data(), (*stored)->data() + (*stored)->size(), mark);
    if (err != std::errc{} || end != (*stored)->data() + (*stored)->size())
      return make_error(ec::storage_failure,
                        "the watermark of partition " + std::to_string(id_) +
                            " is not a number: '" + **stored + "'");
    if (mark != no_watermark && mark > max_watermark) {
      dropped_watermark_ = mark;
      return caf::unit;
    }
    clock_.watermark = mark;
    return caf::unit;
  }

  // The partition's watermark is the lowest of its channels'; it never
  // goes back, and it stays while every channel is idle.
  void take_watermark(int32_t channel, int64_t watermark) {
    if (watermark == no_watermark || channel < 0 ||
        static_cast<size_t>(channel) >= channels_.size())
      return;
    channels_[channel] = watermark;
    auto lowest = *std::min_element(channels_.begin(), channels_.end());
    if (lowest != idle_watermark && lowest > clock_.watermark)
      clock_.watermark = lowest;
  }

  void fire_due(std::vector<output>& out) {
    if constexpr (requires { logic_.on_time(clock_, state_, out); })
      logic_.on_time(clock_, state_, out);
  }

  int32_t id_;
  key_groups groups_;
  std::shared_ptr<state_store> store_;
  std::string family_;
  Logic logic_;
  std::vector<int64_t> channels_; // each ingress's latest watermark
  // Keys whose deletion mark the store holds (see write_changes).
  std::unordered_set<std::string> marked_;
  partition_clock clock_;
  keyed_state<value> state_;
  // On the heap so that the state stays movable until it is shared.
  std::unique_ptr<std::shared_timed_mutex> lock_ =
      std::make_unique<std::shared_timed_mutex>();
  bool is_retired_ = false; // guarded by lock_
  position_map positions_;
  uint64_t processed_ = 0;
  std::optional<int64_t> dropped_watermark_;
};

} // namespace eddy
