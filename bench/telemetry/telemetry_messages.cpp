// Makes the events with the job's generator; reads their numbers back.
#include "bench/telemetry/telemetry_messages.hpp"

#include <charconv>

#include "actors/wall_clock.hpp"
#include "apps/telemetry/telemetry_generator.hpp"
#include "apps/telemetry/telemetry_json.hpp"
#include "bench/telemetry/telemetry_bench_options.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

constexpr uint64_t event_seed = 42;

// Event i of `sensors` at the time `now()` says.
template <class Clock>
topic_messages events(int64_t sensors, Clock now) {
  telemetry::telemetry_generator make{
      {.seed = event_seed, .sensors = sensors, .duplicate_share = 0}};
  return {"events",
          [make, now](uint64_t i, std::string& key, std::string& payload) {
            key = make.key(i);
            make.json(i, now(), payload);
          }};
}

} // namespace

topic_messages filled_events(int64_t timestamp_ms) {
  return events(filled_event_sensors, [timestamp_ms] { return timestamp_ms; });
}

topic_messages sent_events() {
  return events(sent_event_sensors, [] { return wall_clock_ms(); });
}

caf::expected<int64_t> event_number_of(std::string_view validated) {
  auto e = telemetry::parse_json(validated);
  if (!e)
    return e.error();
  auto& id = e->event_id;
  auto dash = id.rfind('-');
  int64_t number = -1;
  if (dash != std::string::npos)
    std::from_chars(id.data() + dash + 1, id.data() + id.size(), number);
  if (number < 0)
    return make_error(ec::malformed_record,
                      "event_id " + id + " is not evt-<seed>-<number>");
  return number;
}

} // namespace eddy::bench
