// The shared JSON field reader: known fields filed by name, every field of
// an object read as it comes, and errors that name the field.
#include "connectors/json/json_fields.hpp"

#include <array>
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"

using namespace eddy;

namespace {

enum class field : uint8_t { thing, id };

constexpr std::array<std::string_view, 2> field_names = {"Thing", "id"};

using known_fields = json_fields<field, field_names>;

simdjson::dom::object object_of(std::string_view json) {
  auto doc = parse_json_document(json);
  REQUIRE(doc);
  simdjson::dom::object object;
  REQUIRE(doc->get_object().get(object) == simdjson::SUCCESS);
  return object;
}

} // namespace

TEST_CASE("text that is not JSON is refused as invalid JSON") {
  auto doc = parse_json_document(R"({"id":)");
  REQUIRE_FALSE(doc);
  CHECK(doc.error() == ec::malformed_record);
  CHECK(context_of(doc.error()).starts_with("invalid JSON: "));
}

TEST_CASE("every numeric field of an object can be read as it comes") {
  auto object = object_of(R"({"Thing":"R0815","Timestamp":1554096460415,)"
                          R"("id":7,"vaTorque_C11":12.5})");
  std::map<std::string, double, std::less<>> numbers;
  for (auto [name, value] : object)
    if (value.is_number())
      REQUIRE_FALSE(read_field(name, value, numbers[std::string{name}]));
  CHECK(numbers == std::map<std::string, double, std::less<>>{
                       {"Timestamp", 1554096460415.0},
                       {"id", 7.0},
                       {"vaTorque_C11", 12.5}});
}

TEST_CASE("a known field is the last of its name, and null is absent") {
  known_fields in{object_of(R"({"id":1,"id":2,"Thing":null,"other":3})")};
  int32_t id = 0;
  REQUIRE_FALSE(in.read_required(field::id, id));
  CHECK(id == 2);
  CHECK_FALSE(in.has(field::thing));
  std::string thing;
  CHECK(context_of(in.read_required(field::thing, thing)) ==
        "required field 'Thing' is missing");
}

TEST_CASE("a field of the wrong type or range is named with its value") {
  known_fields in{object_of(R"({"Thing":7,"id":3000000000})")};
  std::string thing;
  CHECK(context_of(in.read(field::thing, thing)) ==
        "field 'Thing': expected a string, got 7");
  int32_t id = 0;
  CHECK(context_of(in.read(field::id, id)) ==
        "field 'id': 3000000000 is out of range (a 32-bit integer)");
}

TEST_CASE("a long wrong value is shown cut short") {
  auto doc = parse_json_document(R"(")" + std::string(60, 'x') + R"(")");
  REQUIRE(doc);
  CHECK(json_excerpt(*doc) == "\"" + std::string(39, 'x') + "...");
}
