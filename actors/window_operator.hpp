// The window operator's logic, free of actors so tests can drive it: keyed
// tumbling or sliding windows in processing or event time, the event-time
// watermark taken from the input batches, late records re-firing their
// window within the allowed lateness and set aside after it, windows
// persisted at checkpoints and readable from other threads.
//
// A job supplies `Logic` with:
//   using input = ...;       // what the partitions emit (may be a variant)
//   using accumulator = ...; // value-initialized per (key, window)
//   using result = ...;      // emitted per fired window
//   // Picks the records to aggregate: false skips the record; otherwise
//   // sets its event time (ms) and key (may point into the record).
//   bool select(const input&, int64_t& event_time,
//               std::string_view& key) const;
//   void accumulate(accumulator&, const input&) const;
//   // Turns a fired window into a result, or nothing (e.g. a filter).
//   std::optional<result> finish(std::string_view key, int64_t start,
//                                int64_t end, const accumulator&) const;
//   static void encode(const accumulator&, std::string& out); // sets out
//   static caf::expected<accumulator> decode(std::string_view);
#pragma once

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/keyed_state.hpp"
#include "actors/keyed_windows.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "messages/error.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// How a window operator assigns records to windows and fires them.
struct window_options {
  /// The length of each window.
  int64_t size_ms = 60000;
  /// How far apart windows start: 0 (or size_ms) makes tumbling windows,
  /// a smaller slide overlapping sliding ones. At most size_ms.
  int64_t slide_ms = 0;
  /// Event time: how long past its firing a window is kept, so that a
  /// record arriving that late still updates it (and fires it again).
  /// Processing time has no late records and ignores it.
  int64_t allowed_lateness_ms = 0;
  /// processing: a record's time is its batch's processing_time and windows
  /// fire on a timer as the wall clock passes their end. event: the time
  /// comes from Logic::select and windows fire as the watermark the input
  /// batches carry passes.
  enum class time_mode { processing, event } time = time_mode::processing;
  /// Processing time: how often the wall clock is checked to fire windows.
  std::chrono::milliseconds tick{100};
};

/// Counters for status reports; written by the window, read from anywhere.
struct window_counters {
  /// Records received, selected or not.
  std::atomic<uint64_t> records_in{0};
  /// Records whose windows were all purged (sent to the late side output).
  std::atomic<uint64_t> late_records{0};
  /// Windows fired by the watermark (each once), whether or not
  /// Logic::finish produced a result.
  std::atomic<uint64_t> windows_closed{0};
  /// Windows fired again because a record within the allowed lateness
  /// updated them after they fired.
  std::atomic<uint64_t> windows_refired{0};
  /// Results sent downstream, from first and repeated firings.
  std::atomic<uint64_t> windows_emitted{0};
  /// The watermark (ms since the epoch): windows whose last millisecond is
  /// at or before it have fired. In processing time, the wall clock of the
  /// last tick minus one. INT64_MIN before the first.
  std::atomic<int64_t> watermark_ms{std::numeric_limits<int64_t>::min()};
};

/// One window of one key, as window_operator::read_concurrently answers
/// it.
template <class Acc>
struct key_window {
  int64_t start = 0;
  int64_t end = 0;
  Acc accumulator{};
  /// Whether the window fired already (kept for late records since).
  bool has_fired = false;
};

/// The logic of a window operator, free of actors so tests can drive it
/// directly. Other threads may read its windows meanwhile
/// (read_concurrently): a batch is applied under a writer lock.
template <class Logic>
class window_operator {
public:
  using input = typename Logic::input;
  using accumulator = typename Logic::accumulator;
  using result = typename Logic::result;
  using time_mode = window_options::time_mode;

  /// Keeps its windows in `column_family` of the store given to
  /// take_snapshot's writer and to restore. `counters` may be null; the
  /// operator then keeps its own. Preconditions: the options are valid
  /// (window_assigner::is_valid, allowed_lateness_ms >= 0).
  window_operator(const window_options& options, std::string column_family,
                  Logic logic, std::shared_ptr<window_counters> counters)
      : mode_(options.time), column_family_(std::move(column_family)),
        logic_(std::move(logic)),
        // Processing time clamps records into windows not yet fired (see
        // window_time), so a fired window could only be kept for nothing.
        windows_({options.size_ms, options.slide_ms},
                 options.time == time_mode::event ? options.allowed_lateness_ms
                                                  : 0),
        counters_(counters ? std::move(counters)
                           : std::make_shared<window_counters>()) {}

  /// Aggregates the selected records of `in`, then, in event time, moves
  /// the watermark to `in.watermark` if it is ahead. Appends the records
  /// that came too late for every window to `late`, and to `results` the
  /// results of windows fired again by records within the allowed lateness
  /// (as they come), then of the windows the watermark fired (by end, then
  /// key).
  void apply(const output_batch<input>& in, std::vector<input>& late,
             std::vector<result>& results) {
    // One lock per batch, not per record: readers wait at most for one
    // batch, and the loop stays free of atomics.
    std::lock_guard guard{*lock_};
    counters_->records_in += in.records.size();
    uint64_t late_count = 0;
    uint64_t refired = 0;
    uint64_t emitted = 0;
    auto refire = [&](std::string_view key, int64_t start, int64_t end,
                      const accumulator& acc) {
      ++refired;
      if (auto res = logic_.finish(key, start, end, acc)) {
        results.push_back(std::move(*res));
        ++emitted;
      }
    };
    auto& records = in.records;
    for (size_t i = 0; i < records.size(); ++i) {
      // The accumulator lookup is a cache miss: start the one a few
      // records on.
      if (i + prefetch_distance < records.size())
        prefetch(records[i + prefetch_distance], in.processing_time);
      auto& record = records[i];
      int64_t ts = 0;
      std::string_view key;
      if (!logic_.select(record, ts, key))
        continue;
      ts = window_time(ts, in.processing_time);
      auto update = [&](accumulator& acc) { logic_.accumulate(acc, record); };
      if (!windows_.add(ts, key, update, refire)) {
        late.push_back(record);
        ++late_count;
      }
    }
    counters_->late_records += late_count;
    counters_->windows_refired += refired;
    counters_->windows_emitted += emitted;
    // After the records, as Flink does: they were sent before the sender's
    // watermark moved past them.
    if (mode_ == time_mode::event)
      advance(in.watermark, results);
  }

  /// Fires the windows ending at or before `time` and appends their
  /// results to `results`: processing time calls it with the wall clock
  /// (a window is complete once the clock passed its last millisecond).
  void close_until(int64_t time, std::vector<result>& results) {
    if (time == std::numeric_limits<int64_t>::min())
      return;
    std::lock_guard guard{*lock_};
    advance(time - 1, results);
  }

  /// Whether `in` was applied before: a restarted partition emits again
  /// what it replays, and this operator may have persisted it already.
  /// Otherwise records its position.
  bool is_replayed(const output_batch<input>& in) {
    if (in.last_offset < 0)
      return false;
    auto [pos, added] = positions_.try_emplace(in.from, in.last_offset);
    if (!added && in.last_offset <= pos->second)
      return true;
    pos->second = in.last_offset;
    return false;
  }

  /// Every window held for `key` (not fired yet, or fired and kept for
  /// late records), by end, with a copy of its accumulator; empty if none.
  /// Callable from any thread: answers as of the last batch or tick
  /// applied, waiting at most `wait` for the one being applied, else fails
  /// with ec::timeout. A snapshot does not block it: it only clears change
  /// marks, which a lookup does not read.
  [[nodiscard]] caf::expected<std::vector<key_window<accumulator>>>
  read_concurrently(std::string_view key,
                    std::chrono::milliseconds wait) const {
    std::shared_lock guard{*lock_, std::defer_lock};
    // By the system clock: with the steady clock libstdc++ waits in
    // pthread_rwlock_clockrdlock, which ThreadSanitizer does not see.
    if (!guard.try_lock() &&
        !guard.try_lock_until(std::chrono::system_clock::now() + wait))
      return make_error(ec::timeout, "the windows of '" + column_family_ +
                                         "' are still applying a batch");
    std::vector<key_window<accumulator>> found;
    windows_.for_each_window_of(
        key, [&](int64_t start, int64_t end, const accumulator& acc) {
          found.push_back({start, end, acc, windows_.has_fired(end)});
        });
    return found;
  }

  /// What a checkpoint writes: changed windows, the purged ones deleted.
  struct snapshot {
    state_store::batch writes;
    uint64_t bytes = 0;
  };

  /// The windows changed since the last snapshot (fired ones kept for late
  /// records included), the deletion of the purged ones, the watermark and
  /// the input positions, for operator number `id`.
  snapshot take_snapshot(int32_t id) {
    snapshot result;
    auto& writes = result.writes;
    if (auto kept = windows_.first_kept_end();
        kept != std::numeric_limits<int64_t>::min()) {
      writes.erase_range(column_family_, layout::window_prefix(id),
                         layout::window_key_after(id, kept - 1));
      writes.erase_range(column_family_, layout::whole_window_prefix(id),
                         layout::whole_window_key(id, kept));
    }
    windows_.for_each_window([&](int64_t end, keyed_state<accumulator>& keys) {
      if (layout::write_whole(keys.changed(), keys.size()))
        write_whole(id, end, keys, writes);
      else
        write_changes(id, end, keys, writes);
    });
    writes.put(column_family_, layout::watermark_key(id),
               std::to_string(windows_.watermark()));
    for (auto& [from, offset] : positions_)
      writes.put(column_family_, layout::position_key(id, from),
                 std::to_string(offset));
    result.bytes = writes.bytes();
    return result;
  }

  /// Loads what take_snapshot persisted for operator `id`; a persisted
  /// watermark beyond `max_watermark` (which only a record from far in the
  /// future can have made) is dropped, so windows follow the input's again
  /// (see dropped_watermark). Fails with ec::storage_failure on a read error
  /// or an undecodable value.
  [[nodiscard]] caf::expected<void>
  restore(const state_store& store, int32_t id,
          int64_t max_watermark = idle_watermark) {
    std::lock_guard guard{*lock_};
    // The watermark first: loading drops the windows it purged.
    auto mark = store.get(column_family_, layout::watermark_key(id));
    if (!mark)
      return mark.error();
    if (*mark) {
      auto watermark = parse_watermark(**mark);
      if (!watermark)
        return make_error(ec::storage_failure,
                          "cannot decode the watermark of window operator " +
                              std::to_string(id) + ": '" + **mark + "'");
      if (*watermark != no_watermark && *watermark > max_watermark) {
        dropped_watermark_ = *watermark;
      } else {
        windows_.restore_watermark(*watermark);
        counters_->watermark_ms = windows_.watermark();
      }
    }
    caf::error failure;
    auto load = [&](int64_t end, std::string_view key, std::string_view bytes) {
      auto acc = Logic::decode(bytes);
      if (!acc) {
        failure =
            make_error(ec::storage_failure,
                       "cannot decode a window of operator " +
                           std::to_string(id) + ": " + describe(acc.error()));
        return;
      }
      windows_.load(end, key, std::move(*acc));
    };
    auto load_whole = [&](std::string_view key, std::string_view values) {
      auto end =
          layout::read_end(key.substr(layout::whole_window_prefix(id).size()));
      auto complete = layout::for_each_entry(
          values,
          [&](std::string_view k, std::string_view v) { load(end, k, v); });
      if (!complete)
        failure = make_error(ec::storage_failure,
                             "a whole window of operator " +
                                 std::to_string(id) + " ends early");
    };
    auto load_single = [&](std::string_view key, std::string_view bytes) {
      auto rest = key.substr(layout::window_prefix(id).size());
      load(layout::read_end(rest), rest.substr(8), bytes);
    };
    // A window's single keys are newer than its whole value (writing that
    // deletes them), so they load last and win.
    if (auto ok = store.scan(column_family_, layout::whole_window_prefix(id),
                             load_whole);
        !ok)
      return ok.error();
    if (auto ok =
            store.scan(column_family_, layout::window_prefix(id), load_single);
        !ok)
      return ok.error();
    if (failure)
      return failure;
    auto positions =
        store.scan(column_family_, layout::position_prefix(id),
                   [&](std::string_view key, std::string_view value) {
                     positions_[layout::position_source(key)] =
                         std::stoll(std::string{value});
                   });
    if (!positions)
      return positions.error();
    return caf::unit;
  }

  time_mode mode() const noexcept { return mode_; }

  /// The watermark the windows reached (see window_counters::watermark_ms).
  int64_t watermark() const noexcept { return windows_.watermark(); }

  /// The persisted watermark restore() dropped for being beyond its bound,
  /// if it did.
  std::optional<int64_t> dropped_watermark() const noexcept {
    return dropped_watermark_;
  }

  const keyed_windows<accumulator>& windows() const noexcept {
    return windows_;
  }

  const window_counters& counters() const noexcept { return *counters_; }

  const std::string& column_family() const noexcept { return column_family_; }

private:
  static constexpr size_t prefetch_distance = 8;

  // Fires what `watermark` completes and purges what it makes late; the
  // caller holds the lock.
  void advance(int64_t watermark, std::vector<result>& results) {
    uint64_t closed = 0;
    uint64_t emitted = 0;
    windows_.advance_to(watermark, [&](std::string_view key, int64_t start,
                                       int64_t end, const accumulator& acc) {
      ++closed;
      if (auto res = logic_.finish(key, start, end, acc)) {
        results.push_back(std::move(*res));
        ++emitted;
      }
    });
    counters_->windows_closed += closed;
    counters_->windows_emitted += emitted;
    counters_->watermark_ms = windows_.watermark();
  }

  // The persisted watermark: "W" now; before sliding windows it was
  // "closed newest", where windows ending at or before `closed` had closed
  // (so W = closed - 1) and `newest` fed the operator's own watermark,
  // which the input brings now. nullopt if neither.
  static std::optional<int64_t> parse_watermark(std::string_view text) {
    auto* last = text.data() + text.size();
    int64_t first = 0;
    auto [next, err] = std::from_chars(text.data(), last, first);
    if (err != std::errc{})
      return std::nullopt;
    if (next == last)
      return first;
    int64_t newest = 0;
    if (*next != ' ')
      return std::nullopt;
    auto [end, err2] = std::from_chars(next + 1, last, newest);
    if (err2 != std::errc{} || end != last)
      return std::nullopt;
    return first == no_watermark ? no_watermark : first - 1;
  }

  // One key per changed accumulator of the window ending at `end`.
  void write_changes(int32_t id, int64_t end, keyed_state<accumulator>& keys,
                     state_store::batch& writes) const {
    std::string key_bytes;
    std::string value_bytes;
    keys.drain_changes([&](std::string_view key, const accumulator& acc) {
      layout::assign_window_key(key_bytes, id, end, key);
      Logic::encode(acc, value_bytes);
      writes.put(column_family_, key_bytes, value_bytes);
    });
  }

  // The whole window in one value, its single keys deleted: see
  // layout::write_whole.
  void write_whole(int32_t id, int64_t end, keyed_state<accumulator>& keys,
                   state_store::batch& writes) const {
    keys.forget_changes();
    std::string values;
    std::string value_bytes;
    keys.for_each([&](std::string_view key, const accumulator& acc) {
      Logic::encode(acc, value_bytes);
      layout::append_entry(values, key, value_bytes);
    });
    writes.erase_range(column_family_, layout::window_key_after(id, end - 1),
                       layout::window_key_after(id, end));
    writes.put(column_family_, layout::whole_window_key(id, end), values);
  }

  // The time that assigns a selected record to its windows.
  int64_t window_time(int64_t selected, int64_t processing_time) const {
    // The batch may have waited in a mailbox past a tick; like Flink's
    // processing-time windows, count it in the first windows not fired
    // instead of calling it late.
    if (mode_ == time_mode::processing) {
      auto watermark = windows_.watermark();
      if (watermark == std::numeric_limits<int64_t>::max())
        return watermark;
      return std::max(processing_time, watermark + 1);
    }
    return selected;
  }

  void prefetch(const input& record, int64_t processing_time) const {
    int64_t ts = 0;
    std::string_view key;
    if (logic_.select(record, ts, key))
      windows_.prefetch(window_time(ts, processing_time), key);
  }

  time_mode mode_;
  std::string column_family_;
  Logic logic_;
  keyed_windows<accumulator> windows_;
  std::shared_ptr<window_counters> counters_;
  position_map positions_;
  std::optional<int64_t> dropped_watermark_;
  // On the heap so that the operator stays movable until it is shared.
  std::unique_ptr<std::shared_timed_mutex> lock_ =
      std::make_unique<std::shared_timed_mutex>();
};

} // namespace eddy
