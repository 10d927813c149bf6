// Windows as a job describes them: which windows (tumbling or sliding, how
// late a record may be), by which clock, what they aggregate (reusable
// aggregates, see aggregates.hpp) and what a closed window becomes. The
// window operator runs them (window_operator.hpp's Logic).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "caf/expected.hpp"

#include "actors/window_operator.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// Which windows a record belongs to and when they close.
struct window_spec {
  std::chrono::milliseconds size{60000};
  /// Zero for tumbling windows.
  std::chrono::milliseconds slide{0};
  /// How long after it closed a window still takes late records (event
  /// time; each one fires it again).
  std::chrono::milliseconds allowed_lateness{0};
  window_options::time_mode time = window_options::time_mode::processing;

  /// The same windows in event time (the stage's sources must say how to
  /// read it; see stream::event_time).
  window_spec in_event_time() const {
    auto copy = *this;
    copy.time = window_options::time_mode::event;
    return copy;
  }

  /// The same windows by the wall clock.
  window_spec in_processing_time() const {
    auto copy = *this;
    copy.time = window_options::time_mode::processing;
    return copy;
  }

  /// The same windows in `mode`.
  window_spec in(window_options::time_mode mode) const {
    auto copy = *this;
    copy.time = mode;
    return copy;
  }

  /// The same windows, taking records up to `lateness` after they closed.
  window_spec with_lateness(std::chrono::milliseconds lateness) const {
    auto copy = *this;
    copy.allowed_lateness = lateness;
    return copy;
  }

  window_options options() const {
    window_options result;
    result.size_ms = size.count();
    result.slide_ms = slide.count();
    result.allowed_lateness_ms = allowed_lateness.count();
    result.time = time;
    return result;
  }
};

/// Windows of `size`, one after the other.
inline window_spec tumbling(std::chrono::milliseconds size) {
  return window_spec{size, std::chrono::milliseconds{0}, {}, {}};
}

/// Windows of `size` starting every `slide`.
inline window_spec sliding(std::chrono::milliseconds size,
                           std::chrono::milliseconds slide) {
  return window_spec{size, slide, {}, {}};
}

/// One window's bounds, ms: [start, end).
struct window_bounds {
  int64_t start = 0;
  int64_t end = 0;
};

/// Windows over records `T` keyed by `KeyOf`, timed by `TimeOf` (event
/// time), aggregating with `Aggregate` (an aggregate_of) and finishing each
/// closed window with `Finish`: `(std::string_view key, window_bounds,
/// results...)` returning the result, or a std::optional of it to emit
/// nothing (a filter such as an alert condition).
template <class T, class KeyOf, class TimeOf, class Aggregate, class Finish>
class aggregate_window_logic {
public:
  using input = T;
  using accumulator = typename Aggregate::accumulator;

private:
  using finished = decltype(std::declval<const Aggregate&>().apply_results(
      std::declval<const Finish&>(), std::declval<const accumulator&>(),
      std::string_view{}, window_bounds{}));

  template <class X>
  struct unwrap {
    using type = X;
  };
  template <class X>
  struct unwrap<std::optional<X>> {
    using type = X;
  };

public:
  using result = typename unwrap<std::remove_cvref_t<finished>>::type;

  aggregate_window_logic(KeyOf key, TimeOf time, Aggregate aggregate,
                         Finish finish)
      : key_(std::move(key)), time_(std::move(time)),
        aggregate_(std::move(aggregate)), finish_(std::move(finish)) {}

  bool select(const T& record, int64_t& event_time,
              std::string_view& key) const {
    key = std::invoke(key_, record);
    event_time = std::invoke(time_, record);
    return true;
  }

  void accumulate(accumulator& acc, const T& record) const {
    aggregate_.add(acc, record);
  }

  std::optional<result> finish(std::string_view key, int64_t start, int64_t end,
                               const accumulator& acc) const {
    return aggregate_.apply_results(finish_, acc, key,
                                    window_bounds{start, end});
  }

  static void encode(const accumulator& acc, std::string& out) {
    Aggregate::encode(acc, out);
  }

  static caf::expected<accumulator> decode(std::string_view bytes) {
    return Aggregate::decode(bytes);
  }

  /// A running window's aggregates by name, for state queries.
  nlohmann::json to_json(const accumulator& acc) const {
    return aggregate_.to_json(acc);
  }

private:
  KeyOf key_;
  TimeOf time_;
  Aggregate aggregate_;
  Finish finish_;
};

} // namespace eddy
