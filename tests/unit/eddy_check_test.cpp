// eddy-check's logic: the recomputation of a run, every kind of difference
// it reports against results and stock, its one line, its command line and
// its errors for unreadable inputs.
#include "apps/eddy-check/run_comparison.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "apps/eddy-check/checker.hpp"
#include "apps/eddy-check/command_line.hpp"
#include "apps/eddy-check/expected_run.hpp"
#include "apps/eddy-check/stock_reader.hpp"
#include "messages/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace eddy::check;

namespace {

item_transaction tx(int64_t id, std::string item, int32_t quantity) {
  return {id, 1000 + id, std::move(item), quantity};
}

transaction_result result(int64_t id, std::string item, int32_t quantity,
                          bool success) {
  return {tx(id, std::move(item), quantity), success};
}

// item_1: +10 ok, -4 ok, -7 rejected; item_2: -1 rejected, +3 ok.
const std::vector<item_transaction> log_of_five{
    tx(1, "item_1", 10), tx(2, "item_2", -1), tx(3, "item_1", -4),
    tx(4, "item_1", -7), tx(5, "item_2", 3)};

std::vector<transaction_result> exact_results() {
  return {result(1, "item_1", 10, true), result(2, "item_2", -1, false),
          result(3, "item_1", -4, true), result(4, "item_1", -7, false),
          result(5, "item_2", 3, true)};
}

const stock_map exact_stock{{"item_1", 6}, {"item_2", 3}};

expected_run recompute(const std::vector<item_transaction>& log) {
  expected_run run;
  for (auto& x : log)
    REQUIRE(run.add(x));
  REQUIRE(run.seal());
  return run;
}

// The line eddy-check prints for this run.
std::string check_line(const std::vector<item_transaction>& log,
                       const std::vector<transaction_result>& results,
                       bool is_exactly_once = false,
                       std::optional<stock_map> stock = exact_stock) {
  auto run = recompute(log);
  run_comparison comparison{run, is_exactly_once};
  for (auto& x : results)
    comparison.add_result(x);
  comparison.finish_results();
  if (stock)
    comparison.compare_stock(*stock);
  return comparison.report().summary();
}

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

} // namespace

TEST_CASE("eddy-check's recomputation accepts a transaction iff the stock "
          "stays "
          "non-negative") {
  auto run = recompute(log_of_five);
  std::vector<bool> outcomes;
  for (log_position pos = 0; pos < run.transactions(); ++pos)
    outcomes.push_back(run.at(pos).success);
  CHECK(outcomes == std::vector<bool>{true, false, true, false, true});
}

TEST_CASE("eddy-check's recomputation accepts a purchase of the whole "
          "stock") {
  auto run = recompute({tx(1, "item_1", 5), tx(2, "item_1", -5)});
  CHECK(run.at(1).success);
  CHECK(run.stock(0) == 0);
}

TEST_CASE("eddy-check's recomputation leaves the stock alone on a rejection") {
  auto run = recompute(log_of_five);
  REQUIRE(run.items() == 2);
  CHECK(run.item_name(0) == "item_1");
  CHECK(run.stock(0) == 6);
  CHECK(run.stock(1) == 3);
}

TEST_CASE("eddy-check looks up transaction ids close together in a dense "
          "table") {
  auto run = recompute(log_of_five);
  CHECK(run.is_dense());
  CHECK(run.find(4) == log_position{3});
  CHECK_FALSE(run.find(6));
  CHECK_FALSE(run.find(0));
}

TEST_CASE("eddy-check looks up transaction ids far apart in a hash map") {
  auto run = recompute({tx(-5'000'000'000, "a", 1), tx(7, "a", 1),
                        tx(9'000'000'000'000, "b", 1)});
  CHECK_FALSE(run.is_dense());
  CHECK(run.find(9'000'000'000'000) == log_position{2});
  CHECK(run.find(-5'000'000'000) == log_position{0});
  CHECK_FALSE(run.find(8));
}

TEST_CASE("a transaction id that the input holds twice cannot be checked") {
  expected_run run;
  REQUIRE(run.add(tx(1, "a", 1)));
  REQUIRE(run.add(tx(2, "a", 1)));
  REQUIRE(run.add(tx(1, "b", 1)));
  CHECK(error_text(run.seal()) ==
        "malformed_record: transaction 1 appears twice in the input "
        "(transactions 1 and 3 of the log)");
}

TEST_CASE("eddy-check finds a run exact when every result and stock are as "
          "recomputed") {
  CHECK(check_line(log_of_five, exact_results()) ==
        "exact: 5 transactions, 2 items, 0 duplicates");
}

TEST_CASE(
    "eddy-check lets results of different items interleave in any order") {
  auto results = exact_results();
  std::swap(results[0], results[1]); // item_2's first before item_1's
  std::swap(results[3], results[4]);
  CHECK(check_line(log_of_five, results) ==
        "exact: 5 transactions, 2 items, 0 duplicates");
}

TEST_CASE("eddy-check reports missing results with the first one missing") {
  auto results = exact_results();
  results.erase(results.begin() + 2);
  results.pop_back();
  CHECK(check_line(log_of_five, results) ==
        "differs: 2 missing (first: transaction 3, item_1)");
}

TEST_CASE("eddy-check reports a result for a transaction the input lacks") {
  auto results = exact_results();
  results.push_back(result(99, "item_7", 1, true));
  CHECK(check_line(log_of_five, results) ==
        "differs: 1 result for an unknown transaction (first: transaction "
        "99, item_7)");
}

TEST_CASE("eddy-check reports a duplicate result under exactly-once") {
  auto results = exact_results();
  results.push_back(results[1]);
  CHECK(check_line(log_of_five, results, true) ==
        "differs: 1 duplicate (first: transaction 2, item_2)");
}

TEST_CASE("eddy-check counts a duplicate equal to the expected result under "
          "at-least-once") {
  auto results = exact_results();
  results.push_back(results[1]);
  results.push_back(results[1]);
  CHECK(check_line(log_of_five, results) ==
        "exact: 5 transactions, 2 items, 2 duplicates");
}

TEST_CASE("eddy-check reports a duplicate that differs from the expected "
          "result as wrong under at-least-once") {
  auto results = exact_results();
  results.push_back(result(2, "item_2", -1, true));
  CHECK(check_line(log_of_five, results) ==
        "differs: 1 wrong result (transaction 2: expected false, got true)");
}

TEST_CASE("eddy-check reports a wrong success flag with what was expected") {
  auto results = exact_results();
  results[3].success = true;
  CHECK(check_line(log_of_five, results) ==
        "differs: 1 wrong result (transaction 4: expected false, got true)");
}

TEST_CASE("eddy-check names the field of a result whose transaction differs") {
  auto results = exact_results();
  results[0].transaction.quantity = 11;
  results[2].transaction.item_id = "item_2";
  CHECK(check_line(log_of_five, results) ==
        "differs: 2 wrong results (transaction 1: expected quantity 10, got "
        "11)");
}

TEST_CASE("eddy-check reports an item's results out of input order") {
  auto results = exact_results();
  std::swap(results[2], results[3]); // item_1: 1, 4, 3
  CHECK(check_line(log_of_five, results) ==
        "differs: 1 out of order (first: transaction 3 after transaction 4, "
        "item_1)");
}

TEST_CASE("eddy-check orders an item's results by their first copies only") {
  auto results = exact_results();
  results.push_back(results[0]); // item_1's transaction 1 again, at the end
  CHECK(check_line(log_of_five, results) ==
        "exact: 5 transactions, 2 items, 1 duplicates");
}

TEST_CASE("eddy-check reports a wrong stock with what was expected") {
  auto stock = exact_stock;
  stock["item_1"] = 15;
  CHECK(check_line(log_of_five, exact_results(), false, stock) ==
        "differs: stock of 1 item (item_1: expected 6, got 15)");
}

TEST_CASE("eddy-check reports an item without stock") {
  CHECK(check_line(log_of_five, exact_results(), false,
                   stock_map{{"item_2", 3}, {"other", 1}}) ==
        "differs: no stock for 1 item (first: item_1, expected 6)");
}

TEST_CASE("eddy-check lists every kind of difference with its count and "
          "first example") {
  auto results = exact_results();
  results.erase(results.begin()); // transaction 1 missing
  results[0].success = true;      // transaction 2 wrong
  CHECK(check_line(log_of_five, results, false,
                   stock_map{{"item_1", 12}, {"item_2", 3}}) ==
        "differs: 1 missing (first: transaction 1, item_1), 1 wrong result "
        "(transaction 2: expected false, got true), stock of 1 item (item_1: "
        "expected 6, got 12)");
}

TEST_CASE("eddy-check without a stock source does not compare the stock") {
  CHECK(check_line(log_of_five, exact_results(), false, std::nullopt) ==
        "exact: 5 transactions, 2 items, 0 duplicates");
}

TEST_CASE("eddy-check reads files of tab-delimited and JSON results alike") {
  test::temp_dir dir;
  check_options opts;
  opts.input = write_file(dir, "input.txt",
                          "1\t1001\titem_1\t10\n2\t1002\titem_2\t-1\n\n"
                          "3\t1003\titem_1\t-4\r\n");
  opts.results =
      write_file(dir, "results.txt",
                 "1\t1001\titem_1\t10\ttrue\n"
                 "{\"transactionId\":2,\"ts\":1002,\"itemId\":\"item_2\","
                 "\"quantity\":-1,\"success\":false}\n"
                 "3\t1003\titem_1\t-4\ttrue");
  opts.stock = write_file(dir, "stock.txt", "item_1\t6\nitem_2\t0\n");
  auto report = run_check(opts);
  REQUIRE(report);
  CHECK(report->summary() == "exact: 3 transactions, 2 items, 0 duplicates");
}

TEST_CASE("eddy-check fails on a malformed result line naming file and line") {
  test::temp_dir dir;
  check_options opts;
  opts.input = write_file(dir, "input.txt", "1\t1001\titem_1\t10\n");
  opts.results = write_file(dir, "results.txt",
                            "1\t1001\titem_1\t10\ttrue\n1\t1001\titem_1\t10\t"
                            "maybe\n");
  auto text = error_text(run_check(opts));
  CHECK(text.starts_with("malformed_record: results: file '" + opts.results +
                         "' line 2: field 'success'"));
}

TEST_CASE("eddy-check fails on a missing input file naming it") {
  test::temp_dir dir;
  check_options opts;
  opts.input = dir.path() + "/nope.txt";
  opts.results = write_file(dir, "results.txt", "");
  CHECK(error_text(run_check(opts)) ==
        "connector_failure: input: cannot open file '" + opts.input +
            "': No such file or directory");
}

TEST_CASE("eddy-check fails on a stock file naming an item twice") {
  test::temp_dir dir;
  auto path = write_file(dir, "stock.txt", "item_1\t6\nitem_1\t7\n");
  CHECK(error_text(read_stock_file(path)) ==
        "malformed_record: file '" + path +
            "' line 2: item 'item_1' has a stock already");
}

TEST_CASE("eddy-check's command line takes sources, isolation and "
          "exactly-once") {
  auto opts = parse_command_line(
      {"--input", "kafka:in", "--results", "out.txt", "--bootstrap",
       "127.0.0.1:9092", "--isolation", "read_uncommitted", "--exactly-once",
       "--stock", "http://127.0.0.1:8080"});
  REQUIRE(opts);
  CHECK(opts->input == "kafka:in");
  CHECK(opts->stock == "http://127.0.0.1:8080");
  CHECK_FALSE(opts->is_read_committed);
  CHECK(opts->is_exactly_once);
}

TEST_CASE("eddy-check rejects an unknown flag naming it") {
  CHECK(error_text(parse_command_line({"--input", "a", "--frobnicate"})) ==
        "invalid_config: unknown option '--frobnicate'");
}

TEST_CASE("eddy-check rejects a kafka source without brokers") {
  CHECK(error_text(
            parse_command_line({"--input", "a", "--results", "kafka:out"})) ==
        "invalid_config: option '--bootstrap' is required to read "
        "'kafka:out'");
}

TEST_CASE("eddy-check rejects a bad isolation level naming it") {
  CHECK(error_text(parse_command_line(
            {"--input", "a", "--results", "b", "--isolation", "dirty"})) ==
        "invalid_config: option '--isolation' must be read_committed or "
        "read_uncommitted, got 'dirty'");
}
