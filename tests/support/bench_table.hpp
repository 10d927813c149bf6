// Runs a benchmark program's smoke run and reads the Markdown table it
// prints, for the tests of the programs under bench/.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace eddy::test {

/// Runs `program` (a built program's name) with `--quick --repeat 1 --dir
/// dir`, waiting at most `timeout` for its output; fails the test unless it
/// exits with 0. Answers what it printed (its tables).
std::string quick_bench_tables(const std::string& program,
                               const std::string& dir,
                               std::chrono::seconds timeout);

/// Whether a cell shows a measured value: one digit at least is not 0.
bool has_nonzero_digit(const std::string& cell);

/// The cells of the table's row for `figure`, without their padding (the
/// figure first); empty if there is no such row.
std::vector<std::string> row_cells(const std::string& table,
                                   const std::string& figure);

/// Checks that `table` has a row for `figure` of `items` with a measured
/// median and, if `baseline` is not empty, a ratio to that row.
void check_row(const std::string& table, const std::string& figure,
               const std::string& items, const std::string& baseline);

} // namespace eddy::test
