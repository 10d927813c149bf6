// InfluxDB line protocol text (InfluxDB 1.x `POST /write`, QuestDB's ILP over
// HTTP): `measurement,tag=value field=1.5,text="a" 1700000000000`, each part
// appended to a std::string with the escaping the format asks for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

/// Appends a measurement name, escaping comma and space. A newline cannot be
/// written in a name (it ends the line): it is written as an escaped space.
void append_measurement(std::string& out, std::string_view name);

/// Appends a tag key, a tag value or a field key, escaping comma, equals
/// sign and space (a newline as in append_measurement). InfluxDB 1.x reads
/// other backslashes as they are, but its parser takes a backslash and the
/// next character as one: so an odd run of backslashes at the end or
/// before an escaped character gets one more (and reads back with it), in
/// measurements too. Everything else reads back as given.
void append_key(std::string& out, std::string_view key);

/// Appends a string field value: in double quotes, `"` and `\` escaped.
/// Newlines may stand as they are inside the quotes.
void append_string_value(std::string& out, std::string_view value);

/// Appends a float field value as the shortest text that reads back as the
/// same double (std::to_chars), always a float to the server: `1` is a
/// float in line protocol, only `1i` an integer. Answers false and appends
/// nothing for NaN and infinities, which line protocol cannot carry: the
/// caller leaves such a field out (and writes no line without fields).
[[nodiscard]] bool append_float_value(std::string& out, double value);

/// Appends an integer field value: `-42i`.
void append_integer_value(std::string& out, int64_t value);

/// Appends a boolean field value: `true` or `false`.
void append_bool_value(std::string& out, bool value);

/// Appends a timestamp: the integer as it is, in the unit the write
/// declares (its `precision` parameter).
void append_timestamp(std::string& out, int64_t time);

/// Builds one line in `out` in the order line protocol wants: measurement,
/// tags, fields, timestamp; puts the commas and spaces between them. Call
/// every tag() before the first field. A line needs at least one field:
/// has_fields() says whether it got one (the server rejects a line without).
///
///   line_builder{out, "machinedata"}
///       .tag("thing", "R0815")
///       .float_field("result", 86.71)
///       .time(1700000000000);
class line_builder {
public:
  /// Appends the measurement to `out`, which must outlive the builder.
  line_builder(std::string& out, std::string_view measurement);

  /// Appends `,key=value`; leaves out a tag with an empty value (line
  /// protocol has none: a missing tag reads back as empty).
  line_builder& tag(std::string_view key, std::string_view value);

  /// Appends a float field; leaves out NaN and infinities (see
  /// append_float_value).
  line_builder& float_field(std::string_view key, double value);

  line_builder& integer_field(std::string_view key, int64_t value);

  line_builder& string_field(std::string_view key, std::string_view value);

  line_builder& bool_field(std::string_view key, bool value);

  /// Appends ` <time>`; the line is complete (no newline is appended).
  void time(int64_t time);

  bool has_fields() const noexcept { return fields_ > 0; }

private:
  // Appends the separator before the next field and its key.
  void start_field(std::string_view key);

  std::string& out_;
  int fields_ = 0;
};

} // namespace eddy
