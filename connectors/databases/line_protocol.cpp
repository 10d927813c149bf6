// Escapes names, tags and field values for line protocol.
#include "connectors/databases/line_protocol.hpp"

#include <charconv>
#include <cmath>

namespace eddy {

namespace {

// Appends `text` with a backslash before each of `special`; newlines
// become escaped spaces. The server's parser takes a backslash and the
// character after it as one, whatever that is, so a run of backslashes
// before something escaped (or before the end) gets one more backslash
// when it is odd: otherwise its last one would escape that backslash.
void append_escaped(std::string& out, std::string_view text,
                    std::string_view special) {
  size_t run = 0; // backslashes just appended
  auto is_escaped = [special](char c) {
    return c == '\n' || c == '\r' || special.find(c) != std::string_view::npos;
  };
  for (auto c : text) {
    if (c == '\\') {
      ++run;
      out += c;
      continue;
    }
    if (run % 2 == 1 && is_escaped(c))
      out += '\\';
    run = 0;
    if (c == '\n' || c == '\r')
      out += "\\ ";
    else if (is_escaped(c))
      (out += '\\') += c;
    else
      out += c;
  }
  if (run % 2 == 1)
    out += '\\';
}

} // namespace

void append_measurement(std::string& out, std::string_view name) {
  append_escaped(out, name, ", ");
}

void append_key(std::string& out, std::string_view key) {
  append_escaped(out, key, ",= ");
}

void append_string_value(std::string& out, std::string_view value) {
  out += '"';
  for (auto c : value) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  out += '"';
}

bool append_float_value(std::string& out, double value) {
  if (!std::isfinite(value))
    return false;
  char text[32];
  auto [end, err] = std::to_chars(text, text + sizeof text, value);
  // 32 bytes hold any double's shortest form (at most 24 characters).
  out.append(text, end);
  return true;
}

void append_integer_value(std::string& out, int64_t value) {
  char text[24];
  auto [end, err] = std::to_chars(text, text + sizeof text, value);
  out.append(text, end);
  out += 'i';
}

void append_bool_value(std::string& out, bool value) {
  out += value ? "true" : "false";
}

void append_timestamp(std::string& out, int64_t time) {
  char text[24];
  auto [end, err] = std::to_chars(text, text + sizeof text, time);
  out.append(text, end);
}

line_builder::line_builder(std::string& out, std::string_view measurement)
    : out_(out) {
  append_measurement(out_, measurement);
}

line_builder& line_builder::tag(std::string_view key, std::string_view value) {
  if (value.empty())
    return *this;
  out_ += ',';
  append_key(out_, key);
  out_ += '=';
  append_key(out_, value);
  return *this;
}

void line_builder::start_field(std::string_view key) {
  out_ += fields_++ == 0 ? ' ' : ',';
  append_key(out_, key);
  out_ += '=';
}

line_builder& line_builder::float_field(std::string_view key, double value) {
  if (!std::isfinite(value))
    return *this;
  start_field(key);
  static_cast<void>(append_float_value(out_, value)); // finite: appended
  return *this;
}

line_builder& line_builder::integer_field(std::string_view key, int64_t value) {
  start_field(key);
  append_integer_value(out_, value);
  return *this;
}

line_builder& line_builder::string_field(std::string_view key,
                                         std::string_view value) {
  start_field(key);
  append_string_value(out_, value);
  return *this;
}

line_builder& line_builder::bool_field(std::string_view key, bool value) {
  start_field(key);
  append_bool_value(out_, value);
  return *this;
}

void line_builder::time(int64_t time) {
  out_ += ' ';
  append_timestamp(out_, time);
}

} // namespace eddy
