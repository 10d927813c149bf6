// A ClickHouse writer's options are checked when it is made, before any
// connection: what is refused and how the refusal reads.
#include "connectors/databases/clickhouse_writer.hpp"

#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/failure_text.hpp"

using namespace eddy;

namespace {

clickhouse_writer_options<int> valid_options() {
  clickhouse_writer_options<int> opts;
  opts.client.url = "http://127.0.0.1:8123";
  opts.table = "benchmark.sensor_rollups";
  opts.format = [](const int& x, std::string& row) {
    row += "{\"x\":" + std::to_string(x) + "}";
  };
  return opts;
}

// The text of the refusal of `opts`, which must be ec::invalid_config.
std::string refusal_of(clickhouse_writer_options<int> opts) {
  return test::failure_text(clickhouse_writer<int>::make(std::move(opts)),
                            ec::invalid_config);
}

} // namespace

TEST_CASE("a ClickHouse writer is named after its table and delivers in the "
          "background") {
  auto writer = clickhouse_writer<int>::make(valid_options());
  REQUIRE(writer);
  CHECK((*writer)->name() == "clickhouse benchmark.sensor_rollups");
  CHECK((*writer)->delivers_in_background());
  CHECK((*writer)->state()->phase == insert_phase::idle);
}

TEST_CASE("a ClickHouse writer without a row format is refused") {
  auto opts = valid_options();
  opts.format = nullptr;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: clickhouse benchmark.sensor_rollups: no row format");
}

TEST_CASE("a ClickHouse writer without a table or with a batch of 0 rows is "
          "refused") {
  auto no_table = valid_options();
  no_table.table.clear();
  CHECK(refusal_of(std::move(no_table)).find("no table") != std::string::npos);
  auto no_rows = valid_options();
  no_rows.batch.batch_rows = 0;
  CHECK(refusal_of(std::move(no_rows)).find("batch_rows must be above 0") !=
        std::string::npos);
}

TEST_CASE("a ClickHouse writer with an https URL is refused, naming the URL") {
  auto opts = valid_options();
  opts.client.url = "https://db.example:8443";
  auto text = refusal_of(std::move(opts));
  CHECK(text.find("clickhouse benchmark.sensor_rollups: bad URL "
                  "\"https://db.example:8443\": https is not supported") !=
        std::string::npos);
}

TEST_CASE("Database insert phases are named as the status report shows "
          "them") {
  CHECK(to_string(insert_phase::idle) == "idle");
  CHECK(to_string(insert_phase::inserting) == "inserting");
  CHECK(to_string(insert_phase::failing) == "failing");
}
