// The parse and the field errors behind json_fields.hpp.
#include "connectors/json/json_fields.hpp"

#include <limits>

#include "messages/error.hpp"

namespace eddy {

namespace {

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

/// A buffer with simdjson's padding after the text, one per thread: a
/// Kafka payload has no room after its end to read past.
simdjson::padded_string_view padded_copy(std::string_view json) {
  thread_local std::string buffer;
  auto needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() < needed)
    buffer.resize(needed);
  json.copy(buffer.data(), json.size());
  return simdjson::padded_string_view{buffer.data(), json.size(),
                                      buffer.size()};
}

template <class Integer>
caf::error read_integer(std::string_view name, simdjson::dom::element value,
                        std::string_view range, Integer& out) {
  if (!is_json_integer(value))
    return wrong_field_type(name, "an integer", value);
  int64_t n = 0;
  if (value.get_int64().get(n) != simdjson::SUCCESS ||
      n < std::numeric_limits<Integer>::min() ||
      n > std::numeric_limits<Integer>::max())
    return field_out_of_range(name, range, value);
  out = static_cast<Integer>(n);
  return {};
}

} // namespace

caf::expected<simdjson::dom::element>
parse_json_document(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded_copy(json)).get(doc))
    return malformed("invalid JSON: " +
                     std::string{simdjson::error_message(err)});
  return doc;
}

std::string json_excerpt(simdjson::dom::element value) {
  size_t most = 40;
  auto text = simdjson::minify(value);
  if (text.size() <= most)
    return text;
  while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xc0) == 0x80)
    --most;
  return text.replace(most, std::string::npos, "...");
}

bool is_json_integer(simdjson::dom::element value) {
  return value.type() == simdjson::dom::element_type::INT64 ||
         value.type() == simdjson::dom::element_type::UINT64;
}

caf::error missing_field(std::string_view name) {
  return malformed("required field '" + std::string{name} + "' is missing");
}

caf::error wrong_field_type(std::string_view name, std::string_view expected,
                            simdjson::dom::element value) {
  return malformed("field '" + std::string{name} + "': expected " +
                   std::string{expected} + ", got " + json_excerpt(value));
}

caf::error field_out_of_range(std::string_view name, std::string_view range,
                              simdjson::dom::element value) {
  return malformed("field '" + std::string{name} + "': " + json_excerpt(value) +
                   " is out of range (" + std::string{range} + ")");
}

caf::error read_field(std::string_view name, simdjson::dom::element value,
                      std::string& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    return wrong_field_type(name, "a string", value);
  out.assign(text);
  return {};
}

caf::error read_field(std::string_view name, simdjson::dom::element value,
                      double& out) {
  double number = 0;
  if (value.get_double().get(number) != simdjson::SUCCESS)
    return wrong_field_type(name, "a number", value);
  out = number;
  return {};
}

caf::error read_field(std::string_view name, simdjson::dom::element value,
                      int32_t& out) {
  return read_integer(name, value, "a 32-bit integer", out);
}

caf::error read_field(std::string_view name, simdjson::dom::element value,
                      int64_t& out) {
  return read_integer(name, value, "a 64-bit signed integer", out);
}

} // namespace eddy
