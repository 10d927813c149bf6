// Makes one event from (seed, index): its sensor from the index, its draws
// from a hash of both, so any event can be made on its own, on any thread.
#include "apps/telemetry/telemetry_generator.hpp"

#include <string_view>

#include "apps/telemetry/telemetry_event.hpp"
#include "apps/telemetry/telemetry_rules.hpp"
#include "connectors/splitmix64.hpp"
#include "messages/json_text.hpp"

namespace eddy::telemetry {

namespace {

constexpr uint64_t event_stream = 1;

struct sensor_names {
  std::string site;
  std::string asset;
  std::string sensor;
  const seed_sensor_type* type;
};

sensor_names names_of(uint64_t s) {
  return {"site-" + std::to_string(s / 64), "asset-" + std::to_string(s / 4),
          "sensor-" + std::to_string(s),
          &seed_sensor_types[s % seed_sensor_types.size()]};
}

// Two decimals, as a sensor reports.
double centi(double x) {
  return static_cast<double>(static_cast<int64_t>(x * 100.0)) / 100.0;
}

} // namespace

telemetry_generator::telemetry_generator(telemetry_generator_options opts)
    : opts_(opts) {}

void telemetry_generator::json(uint64_t index, int64_t now_ms,
                               std::string& out) const {
  using namespace json_text;
  auto sensors = static_cast<uint64_t>(opts_.sensors);
  auto s = index % sensors;
  auto names = names_of(s);
  // A duplicate repeats the sensor's previous event: its id and value.
  splitmix64::draws own{opts_.seed, event_stream, index};
  auto made_from = index;
  if (index >= sensors && own.unit(0) < opts_.duplicate_share)
    made_from = index - sensors;
  splitmix64::draws d{opts_.seed, event_stream, made_from};
  auto& type = *names.type;
  auto min = static_cast<double>(type.min);
  auto max = static_cast<double>(type.max);
  auto span = max - min;
  auto value = d.unit(1) < opts_.out_of_range_share
                   ? max + d.between(2, 0.01, 0.1) * span
                   : d.between(2, min + 0.1 * span, max - 0.1 * span);
  out += '{';
  append_name("event_id", out);
  append_string("evt-" + std::to_string(opts_.seed) + "-" +
                    std::to_string(made_from),
                out);
  append_name("timestamp", out);
  append_number(now_ms, out);
  auto text = [&out](std::string_view name, std::string_view x) {
    append_name(name, out);
    append_string(x, out);
  };
  text("site_id", names.site);
  text("asset_id", names.asset);
  text("sensor_type", type.name);
  text("sensor_id", names.sensor);
  append_name("value", out);
  append_number(centi(value), out);
  text("unit", type.unit);
  text("quality_flag", "GOOD");
  out += R"(,"metadata":{"firmware_version":"1.2.)" + std::to_string(s % 10) +
         R"(","location":"zone-)" + std::to_string(s % 4) + R"("})";
  text("source", "MQTT");
  text("schema_version", "1.0.0");
  out += '}';
}

std::string telemetry_generator::topic(uint64_t index) const {
  auto names = names_of(index % static_cast<uint64_t>(opts_.sensors));
  return "telemetry/" + names.site + "/" + names.asset + "/" +
         std::string{names.type->name};
}

std::string telemetry_generator::key(uint64_t index) const {
  auto names = names_of(index % static_cast<uint64_t>(opts_.sensors));
  return key_of(names.site, names.asset, names.sensor);
}

} // namespace eddy::telemetry
