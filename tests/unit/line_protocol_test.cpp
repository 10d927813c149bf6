// Line protocol text: what each part looks like once escaped, and lines put
// together by line_builder.
#include "connectors/databases/line_protocol.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <doctest/doctest.h>

using namespace eddy;

namespace {

template <class Append, class Value>
std::string appended(Append append, const Value& value) {
  std::string out = "x";
  append(out, value);
  return out.substr(1);
}

std::string measurement(std::string_view name) {
  return appended(append_measurement, name);
}

std::string key(std::string_view text) {
  return appended(append_key, text);
}

std::string string_value(std::string_view text) {
  return appended(append_string_value, text);
}

std::string float_value(double x) {
  std::string out;
  CHECK(append_float_value(out, x));
  return out;
}

} // namespace

TEST_CASE("a measurement name escapes commas and spaces but not equals "
          "signs") {
  CHECK(measurement("sensor readings,v2=x") == "sensor\\ readings\\,v2=x");
  CHECK(measurement("machinedata") == "machinedata");
}

TEST_CASE("tag keys, tag values and field keys escape commas, equals signs "
          "and spaces") {
  CHECK(key("site a,b=c") == "site\\ a\\,b\\=c");
  CHECK(key("R0815") == "R0815");
}

TEST_CASE("a backslash in a tag is kept, and doubled only where it would "
          "escape what follows") {
  CHECK(key("a\\b") == "a\\b");
  CHECK(key("ends\\") == "ends\\\\");
  CHECK(key("a\\,b") == "a\\\\\\,b");
  CHECK(key("a\\\\,b") == "a\\\\\\,b");
  CHECK(key("a\\\\") == "a\\\\");
}

TEST_CASE("a newline in a tag, which would end the line, becomes an escaped "
          "space") {
  CHECK(key("two\nlines") == "two\\ lines");
  CHECK(measurement("m\r\n") == "m\\ \\ ");
}

TEST_CASE("a string field value is quoted with its quotes and backslashes "
          "escaped") {
  CHECK(string_value("say \"hi\" C:\\dir") == "\"say \\\"hi\\\" C:\\\\dir\"");
  CHECK(string_value("") == "\"\"");
  CHECK(string_value("a,b=c d\ne") == "\"a,b=c d\ne\"");
}

TEST_CASE("a float field value is the shortest text that reads back as the "
          "same double") {
  CHECK(float_value(86.71) == "86.71");
  CHECK(float_value(0.1 + 0.2) == "0.30000000000000004");
  CHECK(float_value(1.0) == "1");
  CHECK(float_value(-0.0) == "-0");
  CHECK(float_value(1.5e300) == "1.5e+300");
  CHECK(float_value(std::numeric_limits<double>::denorm_min()) == "5e-324");
}

TEST_CASE("NaN and infinities are refused as float values and append "
          "nothing") {
  std::string out = "m v=";
  CHECK_FALSE(append_float_value(out, std::nan("")));
  CHECK_FALSE(append_float_value(out, std::numeric_limits<double>::infinity()));
  CHECK_FALSE(
      append_float_value(out, -std::numeric_limits<double>::infinity()));
  CHECK(out == "m v=");
}

TEST_CASE("integer fields end in i, booleans are true or false, timestamps "
          "are plain integers") {
  CHECK(appended(append_integer_value, int64_t{-42}) == "-42i");
  CHECK(appended(append_integer_value, std::numeric_limits<int64_t>::min()) ==
        "-9223372036854775808i");
  CHECK(appended(append_bool_value, true) == "true");
  CHECK(appended(append_bool_value, false) == "false");
  CHECK(appended(append_timestamp, int64_t{1700000000123}) == "1700000000123");
}

TEST_CASE("a line builder puts tags, fields and time in order with their "
          "separators") {
  std::string line;
  line_builder{line, "machinedata"}
      .tag("thing", "R0815")
      .tag("quantity", "vaPower_C11")
      .float_field("result", 86.71)
      .time(1700000000000);
  CHECK(line == "machinedata,thing=R0815,quantity=vaPower_C11 result=86.71 "
                "1700000000000");
}

TEST_CASE("a line builder writes every field type, escaped") {
  std::string line;
  line_builder b{line, "sensor_readings"};
  b.tag("site id", "north,1")
      .float_field("value", 1.0)
      .string_field("unit", "\"C\"")
      .integer_field("ingested_at", 1700000000001)
      .bool_field("ok", true)
      .time(1700000000000);
  CHECK(b.has_fields());
  CHECK(line ==
        "sensor_readings,site\\ id=north\\,1 value=1,unit=\"\\\"C\\\"\","
        "ingested_at=1700000000001i,ok=true 1700000000000");
}

TEST_CASE("a line builder leaves out tags with empty values and non-finite "
          "floats") {
  std::string line;
  line_builder b{line, "m"};
  b.tag("empty", "").float_field("bad", std::nan("")).float_field("good", 2.5);
  CHECK(line == "m good=2.5");
  std::string none;
  line_builder nothing{none, "m"};
  nothing.float_field("inf", std::numeric_limits<double>::infinity());
  CHECK_FALSE(nothing.has_fields());
}
