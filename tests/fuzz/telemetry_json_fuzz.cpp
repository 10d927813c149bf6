// Fuzzes the telemetry job's JSON reader (apps/telemetry/telemetry_json,
// simdjson): any payload either becomes an event or a malformed-record error
// for the dead letters, never a crash or an exception; what it accepts is a
// JSON object (as nlohmann reads it too) with every required field, keyed
// site_id:asset_id:sensor_id, and its written form reads back as the same
// event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/telemetry/telemetry_json.hpp"
#include "messages/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;

void check_accepted(const eddy::telemetry::event& e, std::string_view input) {
  auto doc = nlohmann::json::parse(input, nullptr, false);
  check(doc.is_object(), "an accepted event is a JSON object");
  for (auto name : {"event_id", "timestamp", "site_id", "asset_id",
                    "sensor_type", "value", "unit"})
    check(doc.contains(name) && !doc[name].is_null(),
          "an accepted event has every required field");
  check(e.key == e.site_id + ":" + e.asset_id + ":" + e.sensor_id,
        "an event is keyed site_id:asset_id:sensor_id");
  std::string written;
  format_json(e, written);
  auto again = eddy::telemetry::parse_json(written);
  check(static_cast<bool>(again), "a written event reads back");
  if (again) {
    again->processed_at = e.processed_at;
    check(*again == e, "a written event reads back as itself");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = eddy::fuzz::text_of(data, size);
  auto e = eddy::telemetry::parse_json(input);
  if (e)
    check_accepted(*e, input);
  else
    check(e.error() == eddy::ec::malformed_record,
          "a refused event is a malformed record");
  return 0;
}
