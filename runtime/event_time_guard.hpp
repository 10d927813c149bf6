// Event time's sanity bound at the sources: a record whose event time is
// more than max.future ahead of the wall clock is refused where it is
// parsed, so it becomes a dead letter with the reason (counted as
// malformed) instead of moving a watermark to the end of time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "caf/error.hpp"

#include "actors/wall_clock.hpp"
#include "actors/watermark.hpp"
#include "config/key_spec.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/stream.hpp"
#include "runtime/engine_options.hpp"
#include "runtime/source_plan.hpp"

namespace eddy {

/// Why a record of event time `ts` is refused: "event time
/// 9223372036854775807 is more than 1h ahead of the wall clock".
inline std::string future_refusal(int64_t ts,
                                  std::chrono::milliseconds max_future) {
  return "event time " + std::to_string(ts) + " is more than " +
         duration_text(max_future.count()) + " ahead of the wall clock";
}

/// The warning when a restore drops a persisted watermark `mark` that is
/// beyond max.future.
inline std::string dropped_watermark_warning(int64_t mark,
                                             const engine_options& opts) {
  return "the persisted watermark " + std::to_string(mark) +
         " is more than max.future (" + duration_text(opts.max_future.count()) +
         ") ahead of the wall clock: dropped, event time starts over from the "
         "inputs";
}

/// Refuses records whose event time is beyond the bound at the time it was
/// made (one wall clock reading per message), with ec::malformed_record.
template <class T>
class future_check {
public:
  future_check(std::function<int64_t(const T&)> timestamp_of,
               std::chrono::milliseconds max_future)
      : timestamp_of_(std::move(timestamp_of)), max_future_(max_future) {}

  /// Why `record` is refused when the wall clock reads `wall_ms`, or none.
  caf::error operator()(const T& record, int64_t wall_ms) const {
    auto ts = timestamp_of_(record);
    if (ts == no_watermark || ts <= future_limit(wall_ms, max_future_))
      return {};
    return make_error(ec::malformed_record, future_refusal(ts, max_future_));
  }

  caf::error operator()(const T& record) const {
    return (*this)(record, wall_clock_ms());
  }

private:
  std::function<int64_t(const T&)> timestamp_of_;
  std::chrono::milliseconds max_future_;
};

/// Passes the records of one message on unless one is refused: then the
/// message fails with the first refusal (the sources drop what it made).
template <class T>
class future_checked_emitter final : public emitter<T> {
public:
  using emitter<T>::emit;

  future_checked_emitter(const future_check<T>& check, emitter<T>& next)
      : check_(check), next_(next), wall_ms_(wall_clock_ms()) {}

  void emit(T&& record) override {
    if (refused_)
      return;
    refused_ = check_(record, wall_ms_);
    if (!refused_)
      next_.emit(std::move(record));
  }

  /// The refusal, or none; `parsed` (the parse's own error) comes first.
  caf::error result(caf::error parsed) {
    return parsed ? std::move(parsed) : std::move(refused_);
  }

private:
  const future_check<T>& check_;
  emitter<T>& next_;
  int64_t wall_ms_;
  caf::error refused_;
};

/// `src` with `check` on every record its parse makes (Kafka, MQTT, socket
/// and manual sources): a message with a refused record fails, which makes
/// it a dead letter with the reason. The generator's records carry the
/// wall clock and pass as they are; a request port checks on its own (see
/// request_port).
template <class T>
source_plan<T> with_future_check(source_plan<T> src, future_check<T> check) {
  auto shared = std::make_shared<const future_check<T>>(std::move(check));
  if (src.from_kafka)
    src.from_kafka = [inner = std::move(src.from_kafka),
                      shared](const kafka_message_view& msg, emitter<T>& next) {
      future_checked_emitter<T> out{*shared, next};
      return out.result(inner(msg, out));
    };
  if (src.from_mqtt)
    src.from_mqtt = [inner = std::move(src.from_mqtt),
                     shared](std::string_view topic, std::string_view payload,
                             emitter<T>& next) {
      future_checked_emitter<T> out{*shared, next};
      return out.result(inner(topic, payload, out));
    };
  if (src.from_line)
    src.from_line = [inner = std::move(src.from_line),
                     shared](std::string_view line, emitter<T>& next) {
      future_checked_emitter<T> out{*shared, next};
      return out.result(inner(line, out));
    };
  if (src.from_port)
    src.from_port = [inner = std::move(src.from_port),
                     shared](std::any&& fed, emitter<T>& next) {
      future_checked_emitter<T> out{*shared, next};
      return out.result(inner(std::move(fed), out));
    };
  return src;
}

} // namespace eddy
