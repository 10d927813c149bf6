// eddy-check run as a program on files and against an HTTP API: the one
// line on stdout and the exit code people and scripts rely on.
#include "apps/eddy-check/checker.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/eddy_check_run.hpp"
#include "tests/support/http_fixture.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

// item_1: +10 ok, -4 ok, -7 rejected; item_2: -1 rejected, +3 ok.
const std::string input_lines = "1\t1001\titem_1\t10\n"
                                "2\t1002\titem_2\t-1\n"
                                "3\t1003\titem_1\t-4\n"
                                "4\t1004\titem_1\t-7\n"
                                "5\t1005\titem_2\t3\n";

const std::string result_lines = "1\t1001\titem_1\t10\ttrue\n"
                                 "2\t1002\titem_2\t-1\tfalse\n"
                                 "3\t1003\titem_1\t-4\ttrue\n"
                                 "4\t1004\titem_1\t-7\tfalse\n"
                                 "5\t1005\titem_2\t3\ttrue\n";

} // namespace

TEST_CASE("eddy-check on the files of an exact run prints exact and exits 0") {
  temp_dir dir;
  auto run = run_eddy_check(
      {"--input", write_file(dir, "in.txt", input_lines), "--results",
       write_file(dir, "results.txt", result_lines), "--stock",
       write_file(dir, "stock.txt", "item_1\t6\nitem_2\t3\n")});
  CHECK(run.exit_code == 0);
  CHECK(run.lines == std::vector<std::string>{
                         "exact: 5 transactions, 2 items, 0 duplicates"});
}

TEST_CASE("eddy-check on files with a wrong result and stock prints differs "
          "and exits 1") {
  temp_dir dir;
  auto wrong = result_lines;
  wrong.replace(wrong.find("-7\tfalse"), 8, "-7\ttrue");
  auto run = run_eddy_check(
      {"--input", write_file(dir, "in.txt", input_lines), "--results",
       write_file(dir, "results.txt", wrong), "--stock",
       write_file(dir, "stock.txt", "item_1\t-1\nitem_2\t3\n")});
  CHECK(run.exit_code == 1);
  CHECK(run.lines ==
        std::vector<std::string>{
            "differs: 1 wrong result (transaction 4: expected false, got "
            "true), stock of 1 item (item_1: expected 6, got -1)"});
}

TEST_CASE("eddy-check --exactly-once exits 1 on a duplicate result that "
          "at-least-once accepts") {
  temp_dir dir;
  auto input = write_file(dir, "in.txt", input_lines);
  auto results = write_file(dir, "results.txt",
                            result_lines + "3\t1003\titem_1\t-4\ttrue\n");
  auto once = run_eddy_check(
      {"--input", input, "--results", results, "--exactly-once"});
  CHECK(once.exit_code == 1);
  CHECK(once.lines ==
        std::vector<std::string>{
            "differs: 1 duplicate (first: transaction 3, item_1)"});
  auto at_least_once = run_eddy_check({"--input", input, "--results", results});
  CHECK(at_least_once.exit_code == 0);
  CHECK(
      at_least_once.lines ==
      std::vector<std::string>{"exact: 5 transactions, 2 items, 1 duplicates"});
}

TEST_CASE("eddy-check exits 2 and prints no verdict for a malformed line") {
  temp_dir dir;
  auto run = run_eddy_check(
      {"--input", write_file(dir, "in.txt", "1\t1001\titem_1\tten\n"),
       "--results", write_file(dir, "results.txt", result_lines)});
  CHECK(run.exit_code == 2);
  CHECK(run.lines.empty());
}

TEST_CASE("eddy-check exits 2 for an unknown flag and 0 for --help") {
  CHECK(
      run_eddy_check({"--input", "a", "--results", "b", "--fast"}).exit_code ==
      2);
  auto help = run_eddy_check({"--help"});
  CHECK(help.exit_code == 0);
  REQUIRE_FALSE(help.lines.empty());
  CHECK(help.lines[0].starts_with("usage: eddy-check"));
}

TEST_CASE("eddy-check reads the stock of many items from the HTTP API in "
          "batches") {
  http_fixture http;
  temp_dir dir;
  std::string input;
  std::string results;
  // 250 items: more than one request's worth of ids; item_1 and item_2 are
  // the fixture's (100 and 10665).
  for (int i = 1; i <= 250; ++i) {
    auto item = "item_" + std::to_string(i);
    auto quantity = i == 1 ? 100 : i == 2 ? 10665 : i;
    if (i > 2)
      http.inventory.set_stock(item, quantity);
    auto line = std::to_string(i) + "\t" + std::to_string(1000 + i) + "\t" +
                item + "\t" + std::to_string(quantity);
    input += line + "\n";
    results += line + "\ttrue\n";
  }
  auto url = "http://127.0.0.1:" + std::to_string(http.server->port());
  auto args = std::vector<std::string>{
      "--input",   write_file(dir, "in.txt", input),
      "--results", write_file(dir, "results.txt", results),
      "--stock",   url};
  auto exact = run_eddy_check(args);
  CHECK(exact.exit_code == 0);
  CHECK(exact.lines == std::vector<std::string>{
                           "exact: 250 transactions, 250 items, 0 duplicates"});
  http.inventory.set_stock("item_201", 7);
  auto differs = run_eddy_check(args);
  CHECK(differs.exit_code == 1);
  CHECK(differs.lines ==
        std::vector<std::string>{
            "differs: stock of 1 item (item_201: expected 201, got 7)"});
}

TEST_CASE("eddy-check exits 2 when the HTTP API cannot be reached") {
  temp_dir dir;
  auto run =
      run_eddy_check({"--input", write_file(dir, "in.txt", input_lines),
                      "--results", write_file(dir, "results.txt", result_lines),
                      "--stock", "http://127.0.0.1:1"});
  CHECK(run.exit_code == 2);
  CHECK(run.lines.empty());
}

} // namespace eddy::test
