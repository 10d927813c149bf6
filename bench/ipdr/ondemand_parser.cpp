// One pass over the object's fields picks the five the job uses; the rest
// are skipped or, with coverage::every_value, read to the last value (and
// nothing may follow the object).
#include "bench/ipdr/ondemand_parser.hpp"

#include <vector>

#include <simdjson.h>

#include "bench/ipdr/ipdr_fields.hpp"

namespace eddy::bench {

namespace {

namespace od = simdjson::ondemand;

caf::error invalid(simdjson::error_code err) {
  return malformed("invalid JSON: " +
                   std::string{simdjson::error_message(err)});
}

// Reads `value` and everything in it, failing on the first malformed part.
simdjson::error_code check_value(od::value value);

simdjson::error_code check_object(od::object object) {
  for (auto field : object) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key))
      return err;
    od::value value;
    if (auto err = field.value().get(value))
      return err;
    if (auto err = check_value(value))
      return err;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code check_array(od::array array) {
  for (auto element : array) {
    od::value value;
    if (auto err = element.get(value))
      return err;
    if (auto err = check_value(value))
      return err;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code check_value(od::value value) {
  od::json_type type;
  if (auto err = value.type().get(type))
    return err;
  switch (type) {
  case od::json_type::object: {
    od::object object;
    if (auto err = value.get_object().get(object))
      return err;
    return check_object(object);
  }
  case od::json_type::array: {
    od::array array;
    if (auto err = value.get_array().get(array))
      return err;
    return check_array(array);
  }
  case od::json_type::number:
    return value.get_number().error();
  case od::json_type::string:
    return value.get_string().error();
  case od::json_type::boolean:
    return value.get_bool().error();
  case od::json_type::null: {
    bool is_null = false;
    if (auto err = value.is_null().get(is_null))
      return err;
    return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
  }
  }
  return simdjson::INCORRECT_TYPE;
}

caf::error read_string(od::value value, std::string_view field,
                       std::optional<std::string_view>& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    return wrong_type(field, "a string");
  out = text;
  return {};
}

caf::error read_octets(od::value value, std::optional<int64_t>& out) {
  int64_t n = 0;
  if (value.get_int64().get(n) != simdjson::SUCCESS)
    return wrong_type("dsOctets", "an integer");
  out = n;
  return {};
}

// Takes field `key` into `fields` if the job uses it; otherwise checks its
// value if asked to.
caf::error take(std::string_view key, od::value value, ipdr_fields& fields,
                ondemand_parser::coverage checks) {
  if (key == "cmMacAddr")
    return read_string(value, key, fields.mac);
  if (key == "dsScn")
    return read_string(value, key, fields.scn);
  if (key == "dsOctets")
    return read_octets(value, fields.octets);
  if (key == "fromTime")
    return read_string(value, key, fields.from);
  if (key == "cmtsHostName")
    return read_string(value, key, fields.host);
  if (checks == ondemand_parser::coverage::every_value)
    if (auto err = check_value(value))
      return invalid(err);
  return {};
}

/// A copy of `json` with simdjson's padding after it, in a buffer of this
/// thread's: what ipdr::parser makes of a Kafka payload too.
simdjson::padded_string_view padded_copy(std::string_view json) {
  thread_local std::vector<char> buffer;
  buffer.assign(json.begin(), json.end());
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view{buffer.data(), json.size(),
                                      buffer.size()};
}

// Whether only blanks follow the document's root value. simdjson 3.0 has
// no document::at_end(): raw_json() skips the root to find its end, then
// the document is rewound.
caf::error check_nothing_follows(od::document& doc, std::string_view json) {
  std::string_view root;
  if (auto err = doc.raw_json().get(root))
    return invalid(err);
  auto rest =
      json.substr(static_cast<size_t>(root.data() - json.data()) + root.size());
  if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos)
    return malformed("invalid JSON: content after the object");
  doc.rewind();
  return {};
}

} // namespace

caf::expected<ipdr::record>
ondemand_parser::operator()(std::string_view json) const {
  thread_local od::parser parser;
  auto text = padded_copy(json);
  od::document doc;
  if (auto err = parser.iterate(text).get(doc))
    return invalid(err);
  if (checks_ == coverage::every_value)
    if (auto err = check_nothing_follows(doc, {text.data(), text.size()}))
      return err;
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    return malformed("expected a JSON object");
  ipdr_fields fields;
  for (auto field : object) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key))
      return invalid(err);
    od::value value;
    if (auto err = field.value().get(value))
      return invalid(err);
    if (auto err = take(key, value, fields, checks_))
      return err;
  }
  return record_of(fields, zone_);
}

} // namespace eddy::bench
