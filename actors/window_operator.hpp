// The window operator's logic, free of actors so tests can drive it: keyed
// tumbling windows in processing or event time, late records set aside.
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
//   std::optional<result> finish(const std::string& key, int64_t start,
//                                int64_t end, const accumulator&) const;
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/tumbling_windows.hpp"
#include "actors/watermark.hpp"
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
};

/// The logic of a window operator, free of actors so tests can drive it
/// directly. Window state lives in memory only: a restart loses the open
/// windows until persistence comes with a later issue.
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
    for (auto& record : in.records) {
      int64_t ts = 0;
      std::string_view key;
      if (!logic_.select(record, ts, key))
        continue;
      if (mode_ == time_mode::processing) {
        // The batch may have waited in a mailbox past a tick; like Flink's
        // processing-time windows, count it in the first open window
        // instead of calling it late.
        ts = std::max(in.processing_time, windows_.watermark());
      } else {
        watermark_.observe(ts);
      }
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
    windows_.advance_to(watermark, [&](const std::string& key, int64_t start,
                                       int64_t end, accumulator&& acc) {
      ++closed;
      if (auto res = logic_.finish(key, start, end, acc)) {
        results.push_back(std::move(*res));
        ++emitted;
      }
    });
    counters_->windows_closed += closed;
    counters_->windows_emitted += emitted;
  }

  time_mode mode() const noexcept { return mode_; }

  const tumbling_windows<accumulator>& windows() const noexcept {
    return windows_;
  }

  const window_counters& counters() const noexcept { return *counters_; }

private:
  time_mode mode_;
  Logic logic_;
  tumbling_windows<accumulator> windows_;
  bounded_out_of_orderness watermark_;
  std::shared_ptr<window_counters> counters_;
};

} // namespace eddy
