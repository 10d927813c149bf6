// Appends JSON values to text by hand, for rows written by the million
// (database inserts) where building a DOM per row would cost more than the
// rest of the job.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::json_text {

/// Appends `x` as a JSON string: quoted, with `"`, `\` and control
/// characters escaped (other bytes as they are: UTF-8 passes through).
void append_string(std::string_view x, std::string& out);

/// Appends `x` as the shortest JSON number that reads back as `x`; NaN and
/// infinities, which JSON cannot say, as null.
void append_number(double x, std::string& out);

void append_number(int64_t x, std::string& out);

/// Appends `"name":` (after a comma unless `out` ends with `{`).
void append_name(std::string_view name, std::string& out);

} // namespace eddy::json_text
