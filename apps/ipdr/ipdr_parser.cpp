// simdjson's DOM parser validates the whole document (the on-demand API
// would skip the unused fields unchecked, and bad JSON must be a dead
// letter), then the five fields are looked up by name.
#include "apps/ipdr/ipdr_parser.hpp"

#include <string>

#include <simdjson.h>

#include "messages/error.hpp"

namespace eddy::ipdr {

namespace {

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

std::string_view type_name(simdjson::dom::element_type type) {
  using simdjson::dom::element_type;
  switch (type) {
  case element_type::ARRAY:
    return "an array";
  case element_type::OBJECT:
    return "an object";
  case element_type::INT64:
  case element_type::UINT64:
    return "an integer";
  case element_type::DOUBLE:
    return "a floating-point number";
  case element_type::STRING:
    return "a string";
  case element_type::BOOL:
    return "a boolean";
  case element_type::NULL_VALUE:
    return "null";
  }
  return "something else";
}

caf::error wrong_type(std::string_view field, std::string_view expected,
                      simdjson::dom::element value) {
  return malformed("field '" + std::string{field} + "': expected " +
                   std::string{expected} + ", got " +
                   std::string{type_name(value.type())});
}

caf::error missing(std::string_view field) {
  return malformed("field '" + std::string{field} + "' is missing");
}

/// The string `field` of `obj`; `required` says whether a missing one is
/// an error or empty.
caf::expected<std::string_view> string_field(simdjson::dom::object obj,
                                             std::string_view field,
                                             bool required = true) {
  simdjson::dom::element value;
  if (obj.at_key(field).get(value) != simdjson::SUCCESS) {
    if (required)
      return missing(field);
    return std::string_view{};
  }
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    return wrong_type(field, "a string", value);
  return text;
}

caf::expected<int64_t> octets_field(simdjson::dom::object obj) {
  constexpr std::string_view field = "dsOctets";
  simdjson::dom::element value;
  if (obj.at_key(field).get(value) != simdjson::SUCCESS)
    return missing(field);
  int64_t n = 0;
  if (value.get_int64().get(n) != simdjson::SUCCESS)
    return wrong_type(field, "an integer", value);
  return n;
}

/// A buffer with simdjson's padding after the text, one per thread: a
/// Kafka payload has no room after its end to read past.
simdjson::padded_string_view padded(std::string_view json) {
  thread_local std::string buffer;
  if (buffer.size() < json.size() + simdjson::SIMDJSON_PADDING)
    buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
  json.copy(buffer.data(), json.size());
  return simdjson::padded_string_view{buffer.data(), json.size(),
                                      buffer.size()};
}

} // namespace

caf::expected<record> parser::operator()(std::string_view json) const {
  thread_local simdjson::dom::parser dom;
  simdjson::dom::element doc;
  if (auto err = dom.parse(padded(json)).get(doc); err != simdjson::SUCCESS)
    return malformed("invalid JSON: " +
                     std::string{simdjson::error_message(err)});
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS)
    return malformed("expected a JSON object, got " +
                     std::string{type_name(doc.type())});
  auto mac = string_field(obj, "cmMacAddr");
  if (!mac)
    return mac.error();
  auto scn = string_field(obj, "dsScn");
  if (!scn)
    return scn.error();
  auto octets = octets_field(obj);
  if (!octets)
    return octets.error();
  auto from = string_field(obj, "fromTime");
  if (!from)
    return from.error();
  auto host = string_field(obj, "cmtsHostName", false);
  if (!host)
    return host.error();
  auto time = zone_.read(*from);
  if (!time)
    return time.error();
  return record{key_of(*mac, time->hour), std::string{*host},
                std::string{*scn},        *octets,
                time->epoch_ms,           time->hour};
}

} // namespace eddy::ipdr
