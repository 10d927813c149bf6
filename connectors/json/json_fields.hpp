// Reads a job's records from JSON objects with simdjson, wording what is
// wrong with a field the same way for every job: its dead letters name the
// field and show an excerpt of the value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <simdjson.h>

#include "caf/error.hpp"
#include "caf/expected.hpp"

namespace eddy {

/// The value of `json`, validated whole by simdjson's DOM parser (bad JSON
/// must be a dead letter, which the on-demand API would not see in fields
/// it skips). Fails with ec::malformed_record "invalid JSON: <why>". The
/// element lives in a parser of the calling thread: it is valid until the
/// thread parses again. Safe to call from several threads.
[[nodiscard]] caf::expected<simdjson::dom::element>
parse_json_document(std::string_view json);

/// `value` as JSON, cut short after 40 bytes (not inside a UTF-8
/// character) with "...": what an error shows of a wrong value.
std::string json_excerpt(simdjson::dom::element value);

/// Whether `value` is a JSON integer (signed or unsigned 64-bit).
bool is_json_integer(simdjson::dom::element value);

// ec::malformed_record errors about field `name`, worded alike for every job.

/// "required field '<name>' is missing".
caf::error missing_field(std::string_view name);

/// "field '<name>': expected <expected>, got <excerpt>".
caf::error wrong_field_type(std::string_view name, std::string_view expected,
                            simdjson::dom::element value);

/// "field '<name>': <excerpt> is out of range (<range>)".
caf::error field_out_of_range(std::string_view name, std::string_view range,
                              simdjson::dom::element value);

// Typed reads of field `name`'s `value` into `out`; `out` is unchanged when
// they fail.

/// A string; else wrong_field_type ("a string").
[[nodiscard]] caf::error read_field(std::string_view name,
                                    simdjson::dom::element value,
                                    std::string& out);

/// A number (an integer too); else wrong_field_type ("a number").
[[nodiscard]] caf::error read_field(std::string_view name,
                                    simdjson::dom::element value, double& out);

/// An integer; else wrong_field_type ("an integer"), or field_out_of_range
/// ("a 32-bit integer") when it does not fit.
[[nodiscard]] caf::error read_field(std::string_view name,
                                    simdjson::dom::element value, int32_t& out);

/// An integer; else wrong_field_type ("an integer"), or field_out_of_range
/// ("a 64-bit signed integer") when it does not fit.
[[nodiscard]] caf::error read_field(std::string_view name,
                                    simdjson::dom::element value, int64_t& out);

/// The fields a reader knows of one JSON object, filed by name in one pass
/// over it: each the last of its name (as the seeds' Jackson keeps it);
/// null counts as absent; other names are ignored. `Field` is an enum whose
/// values index `Names`, the array of the fields' JSON names. A job whose
/// fields are not known in advance iterates the object and uses read_field.
template <class Field, const auto& Names>
class json_fields {
public:
  explicit json_fields(simdjson::dom::object object) {
    for (auto [name, value] : object)
      file(name, value);
  }

  bool has(Field f) const { return is_present_[index(f)]; }

  simdjson::dom::element operator[](Field f) const { return values_[index(f)]; }

  static std::string_view name(Field f) { return Names[index(f)]; }

  /// Reads field `f` into `out` as read_field does; an absent field leaves
  /// `out` as it is.
  template <class T>
  [[nodiscard]] caf::error read(Field f, T& out) const {
    return has(f) ? read_field(name(f), values_[index(f)], out) : caf::error{};
  }

  /// Reads field `f` into `out` as read_field does; an absent field is
  /// missing_field.
  template <class T>
  [[nodiscard]] caf::error read_required(Field f, T& out) const {
    return has(f) ? read_field(name(f), values_[index(f)], out)
                  : missing_field(name(f));
  }

  caf::error missing(Field f) const { return missing_field(name(f)); }

  caf::error wrong_type(Field f, std::string_view expected) const {
    return wrong_field_type(name(f), expected, values_[index(f)]);
  }

  caf::error out_of_range(Field f, std::string_view range) const {
    return field_out_of_range(name(f), range, values_[index(f)]);
  }

private:
  static constexpr size_t count = std::size(Names);

  static constexpr size_t index(Field f) { return static_cast<size_t>(f); }

  void file(std::string_view name, simdjson::dom::element value) {
    for (size_t i = 0; i < count; ++i)
      if (Names[i] == name) {
        values_[i] = value;
        is_present_[i] = !value.is_null();
        return;
      }
  }

  std::array<simdjson::dom::element, count> values_;
  std::array<bool, count> is_present_{};
};

} // namespace eddy
