// One pass over the validated object files each known field by name
// (connectors/json/json_fields.hpp).
#include "apps/telemetry/telemetry_json.hpp"

#include <array>
#include <string>

#include "connectors/json/json_fields.hpp"
#include "messages/error.hpp"

namespace eddy::telemetry {

namespace {

enum class field : uint8_t {
  event_id,
  timestamp,
  site_id,
  asset_id,
  sensor_type,
  sensor_id,
  value,
  unit,
  quality_flag,
  metadata,
  source,
  schema_version,
};

constexpr size_t field_count = static_cast<size_t>(field::schema_version) + 1;

constexpr std::array<std::string_view, field_count> field_names = {
    "event_id",     "timestamp", "site_id", "asset_id",
    "sensor_type",  "sensor_id", "value",   "unit",
    "quality_flag", "metadata",  "source",  "schema_version"};

using found_fields = json_fields<field, field_names>;

caf::error read_required(const found_fields& in, event& e) {
  if (!in.has(field::timestamp))
    return in.missing(field::timestamp);
  auto ts = in[field::timestamp];
  if (!is_json_integer(ts))
    return in.wrong_type(field::timestamp, "an integer (ms)");
  if (ts.get_int64().get(e.timestamp_ms) != simdjson::SUCCESS)
    return in.wrong_type(field::timestamp, "a 64-bit integer (ms)");
  if (auto err = in.read_required(field::value, e.value))
    return err;
  for (auto [f, out] : {std::pair{field::event_id, &e.event_id},
                        std::pair{field::site_id, &e.site_id},
                        std::pair{field::asset_id, &e.asset_id},
                        std::pair{field::sensor_type, &e.sensor_type},
                        std::pair{field::unit, &e.unit}})
    if (auto err = in.read_required(f, *out))
      return err;
  return {};
}

caf::error read_sensor_id(const found_fields& in, event& e) {
  if (in.has(field::sensor_id) && is_json_integer(in[field::sensor_id])) {
    e.sensor_id = simdjson::minify(in[field::sensor_id]);
    return {};
  }
  return in.read(field::sensor_id, e.sensor_id);
}

caf::error read_optional(const found_fields& in, event& e) {
  if (auto err = read_sensor_id(in, e))
    return err;
  for (auto [f, out] : {std::pair{field::quality_flag, &e.quality_flag},
                        std::pair{field::source, &e.source},
                        std::pair{field::schema_version, &e.schema_version}})
    if (auto err = in.read(f, *out))
      return err;
  if (in.has(field::metadata)) {
    if (in[field::metadata].type() != simdjson::dom::element_type::OBJECT)
      return in.wrong_type(field::metadata, "an object");
    e.metadata = simdjson::minify(in[field::metadata]);
  }
  return {};
}

} // namespace

caf::expected<event> parse_json(std::string_view json) {
  auto doc = parse_json_document(json);
  if (!doc)
    return doc.error();
  simdjson::dom::object object;
  if (doc->get_object().get(object) != simdjson::SUCCESS)
    return make_error(ec::malformed_record,
                      "not a JSON object: " + json_excerpt(*doc));
  found_fields in{object};
  event e;
  if (auto err = read_required(in, e))
    return err;
  if (auto err = read_optional(in, e))
    return err;
  e.key = key_of(e.site_id, e.asset_id, e.sensor_id);
  return e;
}

} // namespace eddy::telemetry
