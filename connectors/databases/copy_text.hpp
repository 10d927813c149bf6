// PostgreSQL's COPY text format, for a postgres_writer's row formatter:
// fields separated by tabs, NULL as \N, backslash, tab, newline and
// carriage return escaped in text, numbers as their shortest exact text.
#pragma once

#include <charconv>
#include <cmath>
#include <concepts>
#include <string>
#include <string_view>

namespace eddy {

/// Appends `text` escaped for COPY text format: `\` as `\\`, tab as `\t`,
/// newline as `\n`, carriage return as `\r`; everything else (quotes,
/// UTF-8) as it is. PostgreSQL rejects a NUL byte in text whatever the
/// escaping, and text that is not valid UTF-8 in a UTF-8 database.
inline void append_copy_text(std::string& row, std::string_view text) {
  for (char c : text) {
    switch (c) {
    case '\\':
      row += "\\\\";
      break;
    case '\t':
      row += "\\t";
      break;
    case '\n':
      row += "\\n";
      break;
    case '\r':
      row += "\\r";
      break;
    default:
      row += c;
    }
  }
}

/// Appends a NULL field: `\N`.
inline void append_copy_null(std::string& row) {
  row += "\\N";
}

/// Appends the separator between two fields: a tab.
inline void append_copy_separator(std::string& row) {
  row += '\t';
}

/// Appends an integer in decimal.
template <std::integral Integer>
requires(!std::same_as<Integer, bool> &&
         !std::same_as<Integer, char>) void append_copy_number(std::string& row,
                                                               Integer x) {
  char text[24];
  auto [end, err] = std::to_chars(text, text + sizeof text, x);
  row.append(text, end);
}

/// Appends a double as the shortest text that reads back as the same
/// double (PostgreSQL's float8 does), NaN and infinities as PostgreSQL
/// spells them.
inline void append_copy_number(std::string& row, double x) {
  if (std::isnan(x)) {
    row += "NaN";
    return;
  }
  if (std::isinf(x)) {
    row += x > 0 ? "Infinity" : "-Infinity";
    return;
  }
  char text[32];
  auto [end, err] = std::to_chars(text, text + sizeof text, x);
  row.append(text, end);
}

/// Appends a bool as PostgreSQL's boolean reads it: `t` or `f`.
inline void append_copy_bool(std::string& row, bool x) {
  row += x ? 't' : 'f';
}

/// Writes one row's fields in order, separators between them:
/// `copy_row{row}.text(r.device).number(r.window_start).null();`.
class copy_row {
public:
  explicit copy_row(std::string& row) : row_(row) {}

  copy_row& text(std::string_view x) {
    next_field();
    append_copy_text(row_, x);
    return *this;
  }

  template <class Number>
  copy_row& number(Number x) {
    next_field();
    append_copy_number(row_, x);
    return *this;
  }

  copy_row& boolean(bool x) {
    next_field();
    append_copy_bool(row_, x);
    return *this;
  }

  copy_row& null() {
    next_field();
    append_copy_null(row_);
    return *this;
  }

private:
  void next_field() {
    if (has_field_)
      append_copy_separator(row_);
    has_field_ = true;
  }

  std::string& row_;
  bool has_field_ = false;
};

} // namespace eddy
