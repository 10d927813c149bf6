// The window operator's logic, free of actors so tests can drive it: keyed
// tumbling windows in processing or event time, late records set aside,
// open windows persisted at checkpoints.
//
// A job supplies `Logic` with:
//   using input = ...;       // what the partitions emit (may be a variant)
//   using accumulator = ...; // value-initialized per (key, window)
//   using result = ...;      // emitted per closed window
//   // Picks the records to aggregate: false skips the record; otherwise
//   // sets its event time (ms) and key (may point into the record).
//   bool select(const input&, int64_t& event_time,
//               std::string_view& key) const;
//   void accumulate(accumulator&, const input&) const;
//   // Turns a closed window into a result, or nothing (e.g. a filter).
//   std::optional<result> finish(std::string_view key, int64_t start,
//                                int64_t end, const accumulator&) const;
//   static constexpr const char* name;   // the column family
//   static void encode(const accumulator&, std::string& out); // sets out
//   static caf::expected<accumulator> decode(std::string_view);
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/keyed_state.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "actors/tumbling_windows.hpp"
#include "actors/watermark.hpp"
#include "messages/error.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// How a window operator assigns time to records and closes windows.
struct window_options {
  /// The length of each tumbling window.
  int64_t size_ms = 60000;
  /// processing: a record's time is its batch's processing_time and windows
  /// close on a timer as the wall clock passes their end. event: the time
  /// comes from Logic::select and windows close as the watermark passes.
  enum class time_mode { processing, event } time = time_mode::processing;
  /// Event time: how far behind the newest record a record may arrive
  /// without being late.
  int64_t out_of_orderness_ms = 5000;
  /// Processing time: how often the wall clock is checked to close windows.
  std::chrono::milliseconds tick{100};
};

/// Counters for status reports; written by the window, read from anywhere.
struct window_counters {
  /// Records received, selected or not.
  std::atomic<uint64_t> records_in{0};
  /// Records whose window had closed already (sent to the late side output).
  std::atomic<uint64_t> late_records{0};
  /// Windows closed, whether or not Logic::finish produced a result.
  std::atomic<uint64_t> windows_closed{0};
  /// Results sent downstream.
  std::atomic<uint64_t> windows_emitted{0};
  /// Windows ending at or before it are closed (ms since the epoch);
  /// INT64_MIN before the first one closes.
  std::atomic<int64_t> watermark_ms{std::numeric_limits<int64_t>::min()};
};

/// The logic of a window operator, free of actors so tests can drive it
/// directly.
template <class Logic>
class window_operator {
public:
  using input = typename Logic::input;
  using accumulator = typename Logic::accumulator;
  using result = typename Logic::result;
  using time_mode = window_options::time_mode;

  /// `counters` may be null; the operator then keeps its own.
  window_operator(const window_options& options, Logic logic,
                  std::shared_ptr<window_counters> counters)
      : mode_(options.time), logic_(std::move(logic)),
        windows_(options.size_ms), watermark_(options.out_of_orderness_ms),
        counters_(counters ? std::move(counters)
                           : std::make_shared<window_counters>()) {}

  /// Aggregates the selected records of `in`. Appends the records that came
  /// too late for their window to `late` and, in event time, the results of
  /// the windows the advanced watermark closed to `results`.
  void apply(const output_batch<input>& in, std::vector<input>& late,
             std::vector<result>& results) {
    counters_->records_in += in.records.size();
    uint64_t late_count = 0;
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
      if (mode_ == time_mode::event)
        watermark_.observe(ts);
      auto update = [&](accumulator& acc) { logic_.accumulate(acc, record); };
      if (!windows_.add(ts, key, update)) {
        late.push_back(record);
        ++late_count;
      }
    }
    counters_->late_records += late_count;
    // As Flink does, the watermark moves after the batch, not per record.
    // A watermark W promises no more records at or before W, so [s, e) is
    // complete once e - 1 <= W (Flink's window.maxTimestamp() <= W).
    if (mode_ == time_mode::event &&
        watermark_.current() != std::numeric_limits<int64_t>::min())
      close_until(watermark_.current() + 1, results);
  }

  /// Closes the windows ending at or before `watermark` and appends their
  /// results to `results`. Processing time calls it with the wall clock.
  void close_until(int64_t watermark, std::vector<result>& results) {
    uint64_t closed = 0;
    uint64_t emitted = 0;
    windows_.advance_to(watermark, [&](std::string_view key, int64_t start,
                                       int64_t end, accumulator&& acc) {
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

  /// What a checkpoint writes: changed windows, the closed ones deleted.
  struct snapshot {
    state_store::batch writes;
    uint64_t bytes = 0;
  };

  /// The open windows changed since the last snapshot, the deletion of the
  /// closed ones, the watermark and the input positions, for operator
  /// number `id`.
  snapshot take_snapshot(int32_t id) {
    snapshot result;
    auto& writes = result.writes;
    if (windows_.watermark() != std::numeric_limits<int64_t>::min()) {
      writes.erase_range(Logic::name, layout::window_prefix(id),
                         layout::window_key_after(id, windows_.watermark()));
      writes.erase_range(
          Logic::name, layout::whole_window_prefix(id),
          layout::whole_window_key(id, windows_.watermark() + 1));
    }
    windows_.for_each_window([&](int64_t end, keyed_state<accumulator>& keys) {
      if (layout::write_whole(keys.changed(), keys.size()))
        write_whole(id, end, keys, writes);
      else
        write_changes(id, end, keys, writes);
    });
    writes.put(Logic::name, layout::watermark_key(id),
               std::to_string(windows_.watermark()) + " " +
                   std::to_string(watermark_.newest()));
    for (auto& [from, offset] : positions_)
      writes.put(Logic::name, layout::position_key(id, from),
                 std::to_string(offset));
    result.bytes = writes.bytes();
    return result;
  }

  /// Loads what take_snapshot persisted for operator `id`. Fails with
  /// ec::storage_failure on a read error or an undecodable value.
  [[nodiscard]] caf::expected<void> restore(const state_store& store,
                                            int32_t id) {
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
    if (auto ok = store.scan(Logic::name, layout::whole_window_prefix(id),
                             load_whole);
        !ok)
      return ok.error();
    if (auto ok =
            store.scan(Logic::name, layout::window_prefix(id), load_single);
        !ok)
      return ok.error();
    if (failure)
      return failure;
    auto marks = store.get(Logic::name, layout::watermark_key(id));
    if (!marks)
      return marks.error();
    if (*marks) {
      long long closed = 0;
      long long newest = 0;
      if (std::sscanf((*marks)->c_str(), "%lld %lld", &closed, &newest) != 2)
        return make_error(ec::storage_failure,
                          "cannot decode the watermark of window operator " +
                              std::to_string(id) + ": '" + **marks + "'");
      windows_.restore_watermark(closed);
      counters_->watermark_ms = windows_.watermark();
      if (newest != std::numeric_limits<int64_t>::min())
        watermark_.observe(newest);
    }
    auto positions =
        store.scan(Logic::name, layout::position_prefix(id),
                   [&](std::string_view key, std::string_view value) {
                     positions_[layout::position_source(key)] =
                         std::stoll(std::string{value});
                   });
    if (!positions)
      return positions.error();
    return caf::unit;
  }

  time_mode mode() const noexcept { return mode_; }

  const tumbling_windows<accumulator>& windows() const noexcept {
    return windows_;
  }

  const window_counters& counters() const noexcept { return *counters_; }

private:
  static constexpr size_t prefetch_distance = 8;

  // One key per changed accumulator of the window ending at `end`.
  static void write_changes(int32_t id, int64_t end,
                            keyed_state<accumulator>& keys,
                            state_store::batch& writes) {
    std::string key_bytes;
    std::string value_bytes;
    keys.drain_changes([&](std::string_view key, const accumulator& acc) {
      layout::assign_window_key(key_bytes, id, end, key);
      Logic::encode(acc, value_bytes);
      writes.put(Logic::name, key_bytes, value_bytes);
    });
  }

  // The whole window in one value, its single keys deleted: see
  // layout::write_whole.
  static void write_whole(int32_t id, int64_t end,
                          keyed_state<accumulator>& keys,
                          state_store::batch& writes) {
    keys.forget_changes();
    std::string values;
    std::string value_bytes;
    keys.for_each([&](std::string_view key, const accumulator& acc) {
      Logic::encode(acc, value_bytes);
      layout::append_entry(values, key, value_bytes);
    });
    writes.erase_range(Logic::name, layout::window_key_after(id, end - 1),
                       layout::window_key_after(id, end));
    writes.put(Logic::name, layout::whole_window_key(id, end), values);
  }

  // The time that assigns a selected record to its window.
  int64_t window_time(int64_t selected, int64_t processing_time) const {
    // The batch may have waited in a mailbox past a tick; like Flink's
    // processing-time windows, count it in the first open window instead
    // of calling it late.
    if (mode_ == time_mode::processing)
      return std::max(processing_time, windows_.watermark());
    return selected;
  }

  void prefetch(const input& record, int64_t processing_time) const {
    int64_t ts = 0;
    std::string_view key;
    if (logic_.select(record, ts, key))
      windows_.prefetch(window_time(ts, processing_time), key);
  }

  time_mode mode_;
  Logic logic_;
  tumbling_windows<accumulator> windows_;
  bounded_out_of_orderness watermark_;
  std::shared_ptr<window_counters> counters_;
  position_map positions_;
};

} // namespace eddy
