// The ClickHouse sink's writer against a real ClickHouse 18.16: its DDL,
// inserts of batch_rows rows, the rows read back, ClickHouse's errors, a
// server that stops and comes back, and the sink actor writing through it
// at least once into a ReplacingMergeTree.
#include "connectors/databases/clickhouse_writer.hpp"

#include <charconv>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/clickhouse_server.hpp"
#include "tests/support/database_sink_run.hpp"
#include "tests/support/failure_text.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

// A sensor rollup as the benchmark's table holds it.
struct rollup {
  std::string device;
  int64_t window_start = 0; // Unix seconds
  double avg_temperature = 0.0;
  int64_t readings = 0;
};

constexpr std::string_view table = "benchmark.sensor_rollups";

const std::vector<std::string> create_table = {
    "CREATE DATABASE IF NOT EXISTS benchmark",
    "CREATE TABLE IF NOT EXISTS benchmark.sensor_rollups (device_id String, "
    "window_start DateTime, avg_temperature Float64, readings UInt64) ENGINE "
    "= ReplacingMergeTree ORDER BY (device_id, window_start)"};

std::string shortest(double x) {
  char text[32];
  auto [end, err] = std::to_chars(text, text + sizeof text, x);
  return {text, end};
}

void format_rollup(const rollup& r, std::string& row) {
  row += "{\"device_id\":\"" + r.device +
         "\",\"window_start\":" + std::to_string(r.window_start) +
         ",\"avg_temperature\":" + shortest(r.avg_temperature) +
         ",\"readings\":" + std::to_string(r.readings) + "}";
}

// `count` rollups from the `first`th on, each of its own window.
std::vector<rollup> rollups(int first, int count) {
  std::vector<rollup> result;
  for (int i = first; i < first + count; ++i)
    result.push_back(
        {"d" + std::to_string(i % 7), 1700000000 + i * 60, i * 0.5, i});
  return result;
}

// The rows as `SELECT ... FORMAT TSV` prints them, in window order.
std::string as_tsv(const std::vector<rollup>& rows) {
  std::string text;
  for (auto& r : rows)
    text += r.device + "\t" + std::to_string(r.window_start) + "\t" +
            shortest(r.avg_temperature) + "\t" + std::to_string(r.readings) +
            "\n";
  return text;
}

std::string stored_rows(clickhouse_server& server) {
  return server.query("SELECT device_id, toUnixTimestamp(window_start), "
                      "avg_temperature, readings FROM benchmark.sensor_rollups "
                      "ORDER BY window_start FORMAT TSV");
}

clickhouse_writer_options<rollup> options_for(const clickhouse_server& server,
                                              size_t batch_rows) {
  clickhouse_writer_options<rollup> opts;
  opts.client.url = server.url();
  opts.client.connect_timeout = 2s;
  opts.table = table;
  opts.create_table = create_table;
  opts.batch.batch_rows = batch_rows;
  opts.format = format_rollup;
  return opts;
}

std::unique_ptr<clickhouse_writer<rollup>>
make_writer(clickhouse_writer_options<rollup> opts) {
  auto writer = clickhouse_writer<rollup>::make(std::move(opts));
  REQUIRE(writer);
  return std::move(*writer);
}

} // namespace

TEST_CASE("a ClickHouse writer creates its table with its DDL before the "
          "first insert") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(rollups(0, 1)));
  CHECK(server.query("EXISTS TABLE benchmark.sensor_rollups") == "0\n");
  REQUIRE(writer->flush());
  CHECK(server.query("EXISTS TABLE benchmark.sensor_rollups") == "1\n");
}

TEST_CASE("a ClickHouse writer inserts each time batch_rows rows are "
          "pending") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  write_two_batches_and_five_rows(*writer, rollups);
  CHECK(server.query("SELECT count() FROM benchmark.sensor_rollups") == "20\n");
}

TEST_CASE("a ClickHouse writer's flush inserts the pending rows, and every "
          "row reads back as written") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  write_and_flush_25_rows(*writer, rollups);
  CHECK(stored_rows(server) == as_tsv(rollups(0, 25)));
}

TEST_CASE("a ClickHouse writer's flush with no pending rows sends nothing") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  check_empty_flush_sends_nothing(server, *writer);
}

TEST_CASE("a row with an unknown column fails the ClickHouse insert with "
          "ClickHouse's message") {
  clickhouse_server server;
  auto opts = options_for(server, 10);
  opts.format = [](const rollup& r, std::string& row) {
    format_rollup(r, row);
    row.back() = ','; // the object goes on with a column the table lacks
    row += "\"colour\":\"red\"}";
  };
  auto writer = make_writer(std::move(opts));
  REQUIRE(writer->write(rollups(0, 2)));
  auto text = failure_of(writer->flush());
  CHECK(contains(text, "clickhouse benchmark.sensor_rollups: insert of 2 rows "
                       "failed: clickhouse " +
                           server.url() + " answered HTTP 500: "));
  CHECK(contains(text, "Unknown field found while parsing JSONEachRow format: "
                       "colour"));
  CHECK(writer->state()->phase == insert_phase::failing);
  CHECK(writer->state()->rows_pending == 0);
}

TEST_CASE("a row ClickHouse cannot parse fails the insert with ClickHouse's "
          "message") {
  clickhouse_server server;
  auto opts = options_for(server, 1);
  opts.format = [](const rollup& r, std::string& row) {
    row += "{\"device_id\":\"" + r.device + "\",\"readings\":\"many\"}";
  };
  auto writer = make_writer(std::move(opts));
  auto text = failure_of(writer->write(rollups(0, 1)));
  CHECK(contains(text, "insert of 1 rows failed"));
  CHECK(contains(text, "Cannot parse input"));
  CHECK(contains(text, "(while read the value of key readings)"));
}

TEST_CASE("a ClickHouse writer whose server stopped fails with "
          "connector_failure naming the URL and drops its pending rows") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  auto text = failure_once_stopped(server, *writer, rollups);
  CHECK(contains(text, "clickhouse benchmark.sensor_rollups: insert of 3 rows "
                       "failed: " +
                           server.url() + ": "));
  CHECK(contains(failure_of(writer->write(rollups(4, 10))), server.url()));
}

TEST_CASE("a ClickHouse writer inserts again once its server restarted") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  write_again_after_restart(server, *writer, rollups);
  CHECK(stored_rows(server) == as_tsv(rollups(0, 10)));
}

TEST_CASE("a ClickHouse writer that could not create its table creates it "
          "at its next insert") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 10));
  auto text = failure_to_create_then_retry(server, *writer, rollups);
  CHECK(contains(text, "clickhouse benchmark.sensor_rollups: cannot create the "
                       "table: statement 1 of 2, \"CREATE DATABASE IF NOT "
                       "EXISTS benchmark\", failed: " +
                           server.url()));
  CHECK(stored_rows(server) == as_tsv(rollups(0, 3)));
}

TEST_CASE("a ClickHouse writer with a wrong password fails with ClickHouse's "
          "authentication error") {
  clickhouse_server server;
  auto opts = options_for(server, 1);
  opts.client.user = clickhouse_server::user;
  opts.client.password = "guessed";
  auto writer = make_writer(std::move(opts));
  auto text = failure_of(writer->write(rollups(0, 1)));
  CHECK(contains(text, "answered HTTP 401"));
  CHECK(contains(text, "Wrong password for user eddy"));
}

TEST_CASE("ClickHouse reads Unix seconds as one instant whatever its time "
          "zone, and date-time text in its time zone") {
  clickhouse_server server{{.timezone = "Asia/Tokyo"}};
  server.query("CREATE TABLE times (how String, at DateTime) ENGINE = Log");
  clickhouse_options opts;
  opts.url = server.url();
  auto client = clickhouse_client::make(opts);
  REQUIRE(client);
  REQUIRE(client->execute("INSERT INTO times FORMAT JSONEachRow",
                          "{\"how\":\"number\",\"at\":1700000000}\n"
                          "{\"how\":\"digits\",\"at\":\"1700000000\"}\n"
                          "{\"how\":\"text\",\"at\":\"2023-11-14 22:13:20\"}"));
  // 2023-11-14 22:13:20 is 1700000000 in UTC, 9 hours earlier in Tokyo.
  CHECK(server.query("SELECT how, toUnixTimestamp(at) FROM times FORMAT TSV") ==
        "number\t1700000000\ndigits\t1700000000\ntext\t1699967600\n");
}

TEST_CASE("a ClickHouse sink loses and doubles no row while its server "
          "restarts") {
  clickhouse_server server;
  auto writer = make_writer(options_for(server, 50));
  auto state = writer->state();
  write_across_restart<rollup>(server, std::move(writer), state, rollups);
  CHECK(server.query("SELECT count(), uniqExact(window_start), sum(readings) "
                     "FROM benchmark.sensor_rollups FINAL FORMAT TSV") ==
        "3000\t3000\t4498500\n");
}

} // namespace eddy::test
