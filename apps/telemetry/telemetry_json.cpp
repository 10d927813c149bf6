// simdjson's DOM parser validates the whole document (bad JSON must be a
// dead letter, which the on-demand API would not see in fields it skips);
// one pass over the object files each known field by name.
#include "apps/telemetry/telemetry_json.hpp"

#include <array>
#include <string>

#include <simdjson.h>

#include "messages/error.hpp"

namespace eddy::telemetry {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

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

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

/// `value` as JSON, cut short (not inside a UTF-8 character).
std::string shown(element value) {
  size_t most = 40;
  auto text = simdjson::minify(value);
  if (text.size() <= most)
    return text;
  while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xc0) == 0x80)
    --most;
  return text.replace(most, std::string::npos, "...");
}

/// The known fields of one object, each the last of its name; null counts
/// as absent.
class found_fields {
public:
  void add(std::string_view name, element value) {
    for (size_t i = 0; i < field_count; ++i)
      if (field_names[i] == name) {
        values_[i] = value;
        present_[i] = !value.is_null();
        return;
      }
  }

  bool has(field f) const { return present_[index(f)]; }
  element operator[](field f) const { return values_[index(f)]; }

  caf::error wrong_type(field f, std::string_view expected) const {
    return malformed("field '" + std::string{field_names[index(f)]} +
                     "': expected " + std::string{expected} + ", got " +
                     shown(values_[index(f)]));
  }

  caf::error missing(field f) const {
    return malformed("required field '" + std::string{field_names[index(f)]} +
                     "' is missing");
  }

  /// Reads string field `f` into `out`; absent is an error iff `required`.
  caf::error text(field f, std::string& out, bool required) const {
    if (!has(f))
      return required ? missing(f) : caf::error{};
    std::string_view text;
    if ((*this)[f].get_string().get(text) != simdjson::SUCCESS)
      return wrong_type(f, "a string");
    out.assign(text);
    return {};
  }

private:
  static size_t index(field f) { return static_cast<size_t>(f); }

  std::array<element, field_count> values_;
  std::array<bool, field_count> present_{};
};

caf::error read_required(const found_fields& in, event& e) {
  if (!in.has(field::timestamp))
    return in.missing(field::timestamp);
  auto ts = in[field::timestamp];
  if (ts.type() != element_type::INT64 && ts.type() != element_type::UINT64)
    return in.wrong_type(field::timestamp, "an integer (ms)");
  if (ts.get_int64().get(e.timestamp_ms) != simdjson::SUCCESS)
    return in.wrong_type(field::timestamp, "a 64-bit integer (ms)");
  if (!in.has(field::value))
    return in.missing(field::value);
  if (in[field::value].get_double().get(e.value) != simdjson::SUCCESS)
    return in.wrong_type(field::value, "a number");
  for (auto [f, out] : {std::pair{field::event_id, &e.event_id},
                        std::pair{field::site_id, &e.site_id},
                        std::pair{field::asset_id, &e.asset_id},
                        std::pair{field::sensor_type, &e.sensor_type},
                        std::pair{field::unit, &e.unit}})
    if (auto err = in.text(f, *out, true))
      return err;
  return {};
}

caf::error read_sensor_id(const found_fields& in, event& e) {
  if (!in.has(field::sensor_id))
    return {};
  auto id = in[field::sensor_id];
  if (id.type() == element_type::INT64 || id.type() == element_type::UINT64) {
    e.sensor_id = simdjson::minify(id);
    return {};
  }
  return in.text(field::sensor_id, e.sensor_id, false);
}

caf::error read_optional(const found_fields& in, event& e) {
  if (auto err = read_sensor_id(in, e))
    return err;
  for (auto [f, out] : {std::pair{field::quality_flag, &e.quality_flag},
                        std::pair{field::source, &e.source},
                        std::pair{field::schema_version, &e.schema_version}})
    if (auto err = in.text(f, *out, false))
      return err;
  if (in.has(field::metadata)) {
    if (in[field::metadata].type() != element_type::OBJECT)
      return in.wrong_type(field::metadata, "an object");
    e.metadata = simdjson::minify(in[field::metadata]);
  }
  return {};
}

} // namespace

caf::expected<event> parse_json(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(json.data(), json.size()).get(doc))
    return malformed(std::string{"invalid JSON: "} +
                     simdjson::error_message(err));
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    return malformed("not a JSON object: " + shown(doc));
  found_fields in;
  for (auto [name, value] : object)
    in.add(name, value);
  event e;
  if (auto err = read_required(in, e))
    return err;
  if (auto err = read_optional(in, e))
    return err;
  e.key = key_of(e.site_id, e.asset_id, e.sensor_id);
  return e;
}

} // namespace eddy::telemetry
