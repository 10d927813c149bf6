#include "tests/support/bench_table.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>

#include "tests/support/child_process.hpp"

namespace eddy::test {

std::string quick_bench_tables(const std::string& program,
                               const std::string& dir,
                               std::chrono::seconds timeout) {
  child_process bench{std::string{EDDY_BIN_DIR} + "/" + program,
                      {"--quick", "--repeat", "1", "--dir", dir}};
  std::string tables;
  while (auto line = bench.read_line(timeout))
    tables += *line + "\n";
  REQUIRE(bench.wait(std::chrono::seconds{10}));
  REQUIRE(bench.exit_status());
  CHECK(WIFEXITED(*bench.exit_status()));
  CHECK(WEXITSTATUS(*bench.exit_status()) == 0);
  return tables;
}

bool has_nonzero_digit(const std::string& cell) {
  return std::any_of(cell.begin(), cell.end(),
                     [](char c) { return c >= '1' && c <= '9'; });
}

std::vector<std::string> row_cells(const std::string& table,
                                   const std::string& figure) {
  auto start = table.find("| " + figure + " |");
  if (start == std::string::npos)
    return {};
  auto line = table.substr(start, table.find('\n', start) - start);
  std::vector<std::string> cells;
  for (size_t bar = 0, next = 0;
       (next = line.find('|', bar + 1)) != std::string::npos; bar = next) {
    auto cell = line.substr(bar + 1, next - bar - 1);
    auto first = cell.find_first_not_of(' ');
    auto last = cell.find_last_not_of(' ');
    cells.push_back(
        first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

void check_row(const std::string& table, const std::string& figure,
               const std::string& items, const std::string& baseline) {
  auto cells = row_cells(table, figure);
  REQUIRE_MESSAGE(cells.size() >= 7, "no row for " << figure << " in:\n"
                                                   << table);
  CHECK_MESSAGE(cells[1] == items, figure << " in:\n" << table);
  CHECK_MESSAGE(has_nonzero_digit(cells[2]), figure << " measured nothing in:\n"
                                                    << table);
  if (!baseline.empty())
    CHECK_MESSAGE(cells[3].ends_with("× " + baseline), figure << " in:\n"
                                                              << table);
}

} // namespace eddy::test
