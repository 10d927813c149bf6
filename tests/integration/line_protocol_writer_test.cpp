// The line protocol sink's writer against a real InfluxDB 1.6: its database
// created, points written in batches and at flush and read back as written,
// rewrites that double nothing, InfluxDB's refusal of a bad line, a server
// that stops and comes back, and the sink actor writing through it.
#include "connectors/databases/line_protocol_writer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/sink.hpp"
#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "messages/error.hpp"
#include "tests/support/database_sink_run.hpp"
#include "tests/support/failure_text.hpp"
#include "tests/support/influxdb_server.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view database = "telemetry";

// A reading as a job would write it: two tags, three fields, a time.
struct reading {
  std::string site;
  std::string sensor;
  double value = 0.0;
  int64_t count = 0;
  std::string note;
  int64_t time_ms = 0;

  friend bool operator==(const reading&, const reading&) = default;
};

void format_reading(const reading& r, std::string& line) {
  line_builder{line, "m"}
      .tag("site", r.site)
      .tag("sensor", r.sensor)
      .float_field("value", r.value)
      .integer_field("count", r.count)
      .string_field("note", r.note)
      .time(r.time_ms);
}

// Reading 2's value as a string: a field of another type than the others.
void format_conflicting(const reading& r, std::string& line) {
  // `line` holds the lines before this one too: only append.
  std::string own;
  format_reading(r, own);
  if (r.count == 2)
    own.insert(own.find(" value=") + 7, "\"text\",v2=");
  line += own;
}

constexpr int64_t first_ms = 1700000000123;

// `count` readings from the `first`th on, each its own instant.
std::vector<reading> readings(int first, int count) {
  std::vector<reading> result;
  for (int i = first; i < first + count; ++i)
    result.push_back({"site " + std::to_string(i % 3),
                      "s" + std::to_string(i % 5), i * 0.1, i,
                      "n" + std::to_string(i), first_ms + i * 1000});
  return result;
}

// Every point of m, in time order, as readings.
std::vector<reading> stored_readings(influxdb_server& server) {
  auto reply =
      nlohmann::json::parse(server.query(database, "SELECT * FROM m", "ms"));
  std::vector<reading> result;
  auto& statement = reply.at("results").at(0);
  if (!statement.contains("series"))
    return result;
  auto& series = statement.at("series").at(0);
  auto columns = series.at("columns").get<std::vector<std::string>>();
  auto column = [&](std::string_view name) {
    return std::find(columns.begin(), columns.end(), name) - columns.begin();
  };
  for (auto& row : series.at("values")) {
    reading r;
    r.time_ms = row.at(column("time")).get<int64_t>();
    r.site = row.at(column("site")).get<std::string>();
    r.sensor = row.at(column("sensor")).get<std::string>();
    r.value = row.at(column("value")).get<double>();
    r.count = row.at(column("count")).get<int64_t>();
    r.note = row.at(column("note")).get<std::string>();
    result.push_back(std::move(r));
  }
  return result;
}

// "count(value)\tsum(count)" of m, "0" when it has no points.
std::string count_and_sum(influxdb_server& server) {
  auto reply = nlohmann::json::parse(
      server.query(database, "SELECT count(value), sum(count) FROM m"));
  auto& statement = reply.at("results").at(0);
  if (!statement.contains("series"))
    return "0";
  auto& row = statement.at("series").at(0).at("values").at(0);
  return std::to_string(row.at(1).get<int64_t>()) + "\t" +
         std::to_string(row.at(2).get<int64_t>());
}

line_protocol_writer_options<reading> options_for(const influxdb_server& server,
                                                  size_t batch_rows) {
  line_protocol_writer_options<reading> opts;
  opts.url = server.url();
  opts.database = database;
  opts.precision = timestamp_precision::ms;
  opts.create_database = true;
  opts.connect_timeout = 2s;
  opts.batch.batch_rows = batch_rows;
  opts.format = format_reading;
  return opts;
}

std::unique_ptr<line_protocol_writer<reading>>
make_writer(line_protocol_writer_options<reading> opts) {
  auto writer = line_protocol_writer<reading>::make(std::move(opts));
  REQUIRE(writer);
  return std::move(*writer);
}

} // namespace

TEST_CASE("a line protocol writer creates its database before the first "
          "write") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(readings(0, 1)));
  CHECK_FALSE(contains(server.query("", "SHOW DATABASES"), "telemetry"));
  REQUIRE(writer->flush());
  CHECK(contains(server.query("", "SHOW DATABASES"), "\"telemetry\""));
  CHECK(stored_readings(server) == readings(0, 1));
}

TEST_CASE("a line protocol writer writes each time batch_rows lines are "
          "pending") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  write_two_batches_and_five_rows(*writer, readings);
  CHECK(stored_readings(server) == readings(0, 20));
}

TEST_CASE("a line protocol writer's flush writes the pending lines, and "
          "every point reads back as written") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  write_and_flush_25_rows(*writer, readings);
  CHECK(stored_readings(server) == readings(0, 25));
}

TEST_CASE("tags and strings with separators, quotes and backslashes, exact "
          "floats and integers read back from InfluxDB as written") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 100));
  std::vector<reading> odd = {
      {"north, hall=2", "a b", 0.1 + 0.2, -9007199254740993, "say \"hi\"",
       first_ms},
      {"back\\slash", "s=1,2", 1.0, 0, "C:\\dir\\ and \\\"q\\\"", first_ms + 1},
      {"plain", "x", -1.5e-300, 42, "", first_ms + 2},
      {"big", "y", 1.7976931348623157e308, 1, "two\nlines, a=b", first_ms + 3},
  };
  REQUIRE(writer->write(odd));
  REQUIRE(writer->flush());
  CHECK(stored_readings(server) == odd);
}

TEST_CASE("timestamps written in ms with precision ms are read back as the "
          "same instants") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(readings(0, 1)));
  REQUIRE(writer->flush());
  auto in_ns = nlohmann::json::parse(
      server.query(database, "SELECT value FROM m", "ns"));
  CHECK(in_ns["results"][0]["series"][0]["values"][0][0].get<int64_t>() ==
        first_ms * 1'000'000);
  auto as_text = server.query(database, "SELECT value FROM m", "");
  CHECK(contains(as_text, "\"2023-11-14T22:13:20.123Z\""));
}

TEST_CASE("points written twice by a line protocol writer are stored once") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(write_in_parts(*writer, readings(0, 15), 4));
  REQUIRE(writer->flush());
  REQUIRE(write_in_parts(*writer, readings(0, 15), 6));
  REQUIRE(writer->flush());
  CHECK(stored_readings(server) == readings(0, 15));
  CHECK(writer->state()->rows_inserted == 30);
}

TEST_CASE("a line InfluxDB cannot parse fails the write with InfluxDB's "
          "text, and the other lines are written") {
  influxdb_server server;
  auto opts = options_for(server, 100);
  opts.format = [](const reading& r, std::string& line) {
    if (r.count == 3) // a float field that is no number
      line += "m,site=bad value=abc " + std::to_string(r.time_ms);
    else
      format_reading(r, line);
  };
  auto writer = make_writer(std::move(opts));
  REQUIRE(writer->write(readings(0, 6)));
  auto text = failure_of(writer->flush());
  CHECK(text == "connector_failure: line protocol telemetry: 1 of 6 lines "
                "refused (left out from now on): HTTP 400: unable to parse "
                "'m,site=bad value=abc 1700000003123': invalid boolean");
  CHECK(writer->state()->phase == insert_phase::failing);
  CHECK(writer->state()->rows_pending == 0);
  CHECK(writer->state()->rows_rejected == 1);
  auto good = readings(0, 6);
  good.erase(good.begin() + 3);
  CHECK(stored_readings(server) == good);
}

TEST_CASE("a line protocol writer leaves a refused line out when the sink "
          "writes it again, so the retry succeeds") {
  influxdb_server server;
  auto opts = options_for(server, 100);
  opts.format = format_conflicting;
  auto writer = make_writer(std::move(opts));
  REQUIRE(writer->write(readings(0, 1)));
  REQUIRE(writer->flush());
  REQUIRE(writer->write(readings(1, 4)));
  auto text = failure_of(writer->flush());
  CHECK(contains(text, "line protocol telemetry: 1 of 4 lines refused (left "
                       "out from now on): HTTP 400: partial write: field type "
                       "conflict: input field \"value\" on measurement \"m\" "
                       "is type string, already exists as type float"));
  // As the sink does: everything since the last successful flush again.
  REQUIRE(writer->write(readings(1, 4)));
  REQUIRE(writer->flush());
  CHECK(writer->state()->phase == insert_phase::idle);
  CHECK(writer->state()->rows_rejected == 1);
  auto good = readings(0, 5);
  good.erase(good.begin() + 2);
  CHECK(stored_readings(server) == good);
}

TEST_CASE("a field type conflict within one batch, which InfluxDB refuses "
          "whole, writes every other line of it") {
  influxdb_server server;
  auto opts = options_for(server, 100);
  opts.format = format_conflicting;
  auto writer = make_writer(std::move(opts));
  REQUIRE(writer->write(readings(0, 5)));
  auto text = failure_of(writer->flush());
  CHECK(contains(text, "1 of 5 lines refused (left out from now on): HTTP "
                       "400: partial write: field type conflict"));
  auto good = readings(0, 5);
  good.erase(good.begin() + 2);
  CHECK(stored_readings(server) == good);
}

TEST_CASE("a line protocol writer whose server stopped fails with "
          "connector_failure naming the URL and drops its pending lines") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  auto text = failure_once_stopped(server, *writer, readings);
  CHECK(contains(text, "line protocol telemetry: write of 3 lines failed: " +
                           server.url() + ": "));
  CHECK(writer->state()->rows_rejected == 0);
}

TEST_CASE("a line protocol writer that could not create its database "
          "creates it at its next write") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  auto text = failure_to_create_then_retry(server, *writer, readings);
  CHECK(contains(text, "line protocol telemetry: cannot create the database: " +
                           server.url()));
  CHECK(stored_readings(server) == readings(0, 3));
}

TEST_CASE("a line protocol writer writes again once its server restarted") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 10));
  write_again_after_restart(server, *writer, readings);
  CHECK(stored_readings(server) == readings(0, 10));
}

TEST_CASE("a line protocol writer's rate into InfluxDB (measured, not "
          "asserted)") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 5000));
  constexpr int total = 100'000;
  auto rows = readings(0, total);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(write_in_parts(*writer, rows, 1000));
  REQUIRE(writer->flush());
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  CHECK(writer->state()->rows_inserted == total);
  MESSAGE("line protocol into InfluxDB 1.6: "
          << total << " points in batches of 5000 in " << seconds << " s, "
          << static_cast<int64_t>(total / seconds) << " points/s");
}

TEST_CASE("a line protocol sink loses and doubles no point while its server "
          "restarts") {
  influxdb_server server;
  auto writer = make_writer(options_for(server, 50));
  auto state = writer->state();
  write_across_restart<reading>(server, std::move(writer), state, readings);
  CHECK(count_and_sum(server) == "3000\t4498500");
}

} // namespace eddy::test
