// Fuzzes the sensor job's JSON reader (apps/sensors/sensor_json, simdjson):
// any payload either becomes a reading or a malformed-record error for the
// dead letters, never a crash or an exception; what it accepts is a JSON
// object (as nlohmann reads it too) naming its device, a numeric sensorId
// names the device sensor_<id>, and a reading without a site of its own is
// placed at one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/sensors/sensor_json.hpp"
#include "messages/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;

bool has_value(const nlohmann::json& doc, const char* name) {
  return doc.contains(name) && !doc[name].is_null();
}

void check_accepted(const eddy::sensors::reading& r, std::string_view input) {
  auto doc = nlohmann::json::parse(input, nullptr, false);
  check(doc.is_object(), "an accepted reading is a JSON object");
  check(has_value(doc, "sensorId") || has_value(doc, "device_id"),
        "an accepted reading has sensorId or device_id");
  if (has_value(doc, "sensorId") && doc["sensorId"].is_number_integer())
    check(r.device_id ==
              "sensor_" + std::to_string(doc["sensorId"].get<int64_t>()),
          "a numeric sensorId names the device sensor_<id>");
  check(r.motion_detected == 0 || r.motion_detected == 1,
        "motion_detected is 0 or 1");
  if (!has_value(doc, "site_id") && !has_value(doc, "location"))
    check(r.site_id.starts_with("site_"),
          "a reading without site_id or location is at a site_<n>");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = eddy::fuzz::text_of(data, size);
  auto r = eddy::sensors::parse_json(input);
  if (r)
    check_accepted(*r, input);
  else
    check(r.error() == eddy::ec::malformed_record,
          "a refused reading is a malformed record");
  return 0;
}
