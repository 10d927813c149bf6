// nlohmann::json builds the whole document, then the five fields are looked
// up by name, as ipdr::parser does with simdjson's DOM.
#include "bench/ipdr/nlohmann_parser.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "bench/ipdr/ipdr_fields.hpp"

namespace eddy::bench {

namespace {

using json = nlohmann::json;

// The string `field` of `doc`; nothing if it is missing.
caf::expected<std::optional<std::string_view>> string_field(const json& doc,
                                                            const char* field) {
  auto found = doc.find(field);
  if (found == doc.end())
    return std::optional<std::string_view>{};
  if (!found->is_string())
    return wrong_type(field, "a string");
  return std::optional<std::string_view>{found->get_ref<const std::string&>()};
}

// dsOctets as an int64_t, if present; nlohmann keeps a non-negative
// integer as unsigned.
caf::expected<std::optional<int64_t>> octets_field(const json& doc) {
  constexpr const char* field = "dsOctets";
  auto found = doc.find(field);
  if (found == doc.end())
    return std::optional<int64_t>{};
  if (found->is_number_unsigned()) {
    auto n = found->get<uint64_t>();
    if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return wrong_type(field, "an integer");
    return std::optional<int64_t>{static_cast<int64_t>(n)};
  }
  if (!found->is_number_integer())
    return wrong_type(field, "an integer");
  return std::optional<int64_t>{found->get<int64_t>()};
}

} // namespace

caf::expected<ipdr::record>
nlohmann_parser::operator()(std::string_view text) const {
  auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded())
    return malformed("invalid JSON");
  if (!doc.is_object())
    return malformed("expected a JSON object");
  ipdr_fields fields;
  for (auto [name, slot] :
       {std::pair{"cmMacAddr", &fields.mac}, std::pair{"dsScn", &fields.scn},
        std::pair{"fromTime", &fields.from},
        std::pair{"cmtsHostName", &fields.host}}) {
    auto value = string_field(doc, name);
    if (!value)
      return value.error();
    *slot = *value;
  }
  auto octets = octets_field(doc);
  if (!octets)
    return octets.error();
  fields.octets = *octets;
  return record_of(fields, zone_);
}

} // namespace eddy::bench
