// Fuzzes the MQTT bridge's payload reader (apps/mqtt_bridge/message_key):
// any payload from the broker either yields the key field's string or
// number, or a malformed-record error for the dead letters, never an
// exception. The input's first line is the field's name, the rest the
// payload.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/mqtt_bridge/message_key.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using eddy::fuzz::check;
  auto input = eddy::fuzz::text_of(data, size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos)
    return 0;
  auto field = std::string{input.substr(0, newline)};
  auto payload = input.substr(newline + 1);
  auto key = eddy::message_key(payload, field);
  if (!key)
    return 0;
  // Accepted: the payload is an object whose field is that string or number.
  auto doc = nlohmann::json::parse(payload, nullptr, false);
  check(doc.is_object() && doc.contains(field),
        "a key comes from a field of a JSON object");
  const auto& value = doc[field];
  if (value.is_string())
    check(value.get<std::string>() == *key, "a string key is the field");
  else
    check(value.is_number() &&
              nlohmann::json::parse(*key, nullptr, false) == value,
          "a number key is the field's number as JSON writes it");
  return 0;
}
