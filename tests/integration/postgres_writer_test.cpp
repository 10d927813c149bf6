// The PostgreSQL sink's writer against a real PostgreSQL 15: its DDL,
// inserts of batch_rows rows, the rows read back exactly, replays skipped by
// the conflict target, PostgreSQL's errors, a server that stops and comes
// back, and the sink actor writing through it across a restart.
#include "connectors/databases/postgres_writer.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/database_sink_run.hpp"
#include "tests/support/failure_text.hpp"
#include "tests/support/postgres_server.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

// A sensor rollup with an identity, a free-text note and a nullable
// average.
struct rollup {
  std::string event_id;
  std::string device;
  std::optional<std::string> note;
  int64_t window_start = 0; // Unix seconds
  std::optional<double> avg_temperature;
  int64_t readings = 0;
};

constexpr std::string_view table = "sensor_rollups";

const std::vector<std::string> create_table = {
    "CREATE TABLE IF NOT EXISTS sensor_rollups (event_id text PRIMARY KEY, "
    "device_id text NOT NULL, note text, window_start bigint NOT NULL, "
    "avg_temperature double precision, readings bigint NOT NULL)"};

// The same columns without a key: what a writer without a conflict target
// can write again.
const std::vector<std::string> create_table_without_key = {
    "CREATE TABLE IF NOT EXISTS sensor_rollups (event_id text, device_id "
    "text, note text, window_start bigint, avg_temperature double precision, "
    "readings bigint)"};

const std::vector<std::string> columns = {
    "event_id",     "device_id",       "note",
    "window_start", "avg_temperature", "readings"};

void format_rollup(const rollup& r, std::string& row) {
  copy_row fields{row};
  fields.text(r.event_id).text(r.device);
  if (r.note)
    fields.text(*r.note);
  else
    fields.null();
  fields.number(r.window_start);
  if (r.avg_temperature)
    fields.number(*r.avg_temperature);
  else
    fields.null();
  fields.number(r.readings);
}

// `count` rollups from the `first`th on, each of its own window.
std::vector<rollup> rollups(int first, int count) {
  std::vector<rollup> result;
  for (int i = first; i < first + count; ++i)
    result.push_back({"ev-" + std::to_string(i), "d" + std::to_string(i % 7),
                      std::nullopt, 1700000000 + i * 60, i * 0.5, i});
  return result;
}

// `text` as PostgreSQL's to_json() writes a string (for the characters the
// tests use).
std::string json_string(std::string_view text) {
  std::string json = "\"";
  for (char c : text) {
    switch (c) {
    case '"':
      json += "\\\"";
      break;
    case '\\':
      json += "\\\\";
      break;
    case '\t':
      json += "\\t";
      break;
    case '\n':
      json += "\\n";
      break;
    case '\r':
      json += "\\r";
      break;
    default:
      json += c;
    }
  }
  return json + "\"";
}

std::string shortest(double x) {
  char text[32];
  auto [end, err] = std::to_chars(text, text + sizeof text, x);
  return {text, end};
}

// The rows as stored_rows() prints them, in window order.
std::string as_text(const std::vector<rollup>& rows) {
  std::string text;
  for (auto& r : rows)
    text += r.event_id + "\t" + json_string(r.device) + "\t" +
            (r.note ? json_string(*r.note) : "\\N") + "\t" +
            std::to_string(r.window_start) + "\t" +
            (r.avg_temperature ? shortest(*r.avg_temperature) : "\\N") + "\t" +
            std::to_string(r.readings) + "\n";
  return text;
}

// The table's rows, text as JSON strings (no raw tab or newline), each
// double read back from PostgreSQL's text and written again as the
// shortest text of that double: equal text means the same double.
std::string stored_rows(postgres_server& server) {
  auto text = server.query(
      "SELECT event_id, to_json(device_id), to_json(note), window_start, "
      "avg_temperature, readings FROM sensor_rollups ORDER BY window_start");
  std::string rows;
  size_t line_start = 0;
  while (line_start < text.size()) {
    auto line_end = text.find('\n', line_start);
    auto line =
        std::string_view{text}.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    std::vector<std::string_view> fields;
    for (size_t at = 0;;) {
      auto tab = line.find('\t', at);
      fields.push_back(line.substr(at, tab - at));
      if (tab == std::string_view::npos)
        break;
      at = tab + 1;
    }
    REQUIRE(fields.size() == 6);
    std::string avg{fields[4]};
    if (avg != "\\N") {
      double x = 0;
      auto [end, err] = std::from_chars(avg.data(), avg.data() + avg.size(), x);
      CHECK(err == std::errc{});
      avg = shortest(x);
    }
    rows += std::string{fields[0]} + "\t" + std::string{fields[1]} + "\t" +
            std::string{fields[2]} + "\t" + std::string{fields[3]} + "\t" +
            avg + "\t" + std::string{fields[5]} + "\n";
  }
  return rows;
}

std::string row_count(postgres_server& server) {
  return server.query("SELECT count(*) FROM sensor_rollups");
}

postgres_writer_options<rollup> options_for(const postgres_server& server,
                                            size_t batch_rows) {
  postgres_writer_options<rollup> opts;
  opts.client.url = server.url();
  opts.client.connect_timeout = 2s;
  opts.table = table;
  opts.columns = columns;
  opts.create_table = create_table;
  opts.conflict_target = "event_id";
  opts.batch.batch_rows = batch_rows;
  opts.format = format_rollup;
  return opts;
}

std::unique_ptr<postgres_writer<rollup>>
make_writer(postgres_writer_options<rollup> opts) {
  auto writer = postgres_writer<rollup>::make(std::move(opts));
  REQUIRE(writer);
  return std::move(*writer);
}

} // namespace

TEST_CASE("a PostgreSQL writer creates its table with its DDL before the "
          "first insert") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(rollups(0, 1)));
  CHECK(server.query("SELECT to_regclass('sensor_rollups') IS NULL") == "t\n");
  REQUIRE(writer->flush());
  CHECK(row_count(server) == "1\n");
}

TEST_CASE("a PostgreSQL writer inserts each time batch_rows rows are "
          "pending") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  write_two_batches_and_five_rows(*writer, rollups);
  CHECK(row_count(server) == "20\n");
}

TEST_CASE("a PostgreSQL writer's flush inserts the pending rows, and every "
          "row reads back as written") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  write_and_flush_25_rows(*writer, rollups);
  CHECK(stored_rows(server) == as_text(rollups(0, 25)));
}

TEST_CASE("text with tabs, newlines, backslashes, quotes and unicode, NULLs, "
          "doubles and bigints read back from PostgreSQL exactly") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 100));
  std::vector<rollup> rows = {
      {"tab", "a\tb", "line one\nline two\r\n", 1, 0.1, 1},
      {"backslash", "C:\\temp\\", "\\N is not NULL here", 2, -0.0, -1},
      {"quotes", "it's \"quoted\"", "größer als 温度 🌡", 3, 1e-300, 0},
      {"null", "d", std::nullopt, 4, std::nullopt, 42},
      {"extremes", "d", "", std::numeric_limits<int64_t>::min(),
       std::numeric_limits<double>::max(), std::numeric_limits<int64_t>::max()},
      {"awkward double", "d", "x", 5, 1234567890123456.7, 7},
      {"tiny double", "d", "y", 6, std::numeric_limits<double>::denorm_min(),
       8},
      {"third", "d", "z", 7, 1.0 / 3.0, 9},
  };
  std::sort(rows.begin(), rows.end(),
            [](auto& a, auto& b) { return a.window_start < b.window_start; });
  REQUIRE(writer->write(rows));
  REQUIRE(writer->flush());
  CHECK(stored_rows(server) == as_text(rows));
}

TEST_CASE("a PostgreSQL writer's flush with no pending rows sends nothing") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  check_empty_flush_sends_nothing(server, *writer);
}

TEST_CASE("rows a PostgreSQL writer writes again are stored once with a "
          "conflict target") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(rollups(0, 10)));
  REQUIRE(writer->flush());
  // A replay: the same ten rows, then five new ones.
  REQUIRE(writer->write(rollups(0, 15)));
  REQUIRE(writer->flush());
  CHECK(stored_rows(server) == as_text(rollups(0, 15)));
}

TEST_CASE("without a conflict target a PostgreSQL writer copies every row "
          "into the table, a replay too") {
  postgres_server server;
  auto opts = options_for(server, 10);
  opts.conflict_target.clear();
  opts.create_table = create_table_without_key;
  auto writer = make_writer(std::move(opts));
  REQUIRE(writer->write(rollups(0, 10)));
  REQUIRE(writer->write(rollups(0, 5)));
  REQUIRE(writer->flush());
  CHECK(writer->state()->batches_inserted == 2);
  CHECK(server.query("SELECT count(*), count(DISTINCT event_id) FROM "
                     "sensor_rollups") == "15\t10\n");
}

TEST_CASE("a row PostgreSQL cannot read fails the insert with PostgreSQL's "
          "message, and later good rows insert") {
  postgres_server server;
  auto opts = options_for(server, 10);
  opts.format = [](const rollup& r, std::string& row) {
    if (r.readings >= 0) {
      format_rollup(r, row);
      return;
    }
    copy_row{row}
        .text(r.event_id)
        .text(r.device)
        .null()
        .number(r.window_start)
        .null()
        .text("many");
  };
  auto writer = make_writer(std::move(opts));
  auto rows = rollups(0, 3);
  rows[1].readings = -1;
  REQUIRE(writer->write(rows));
  auto text = failure_of(writer->flush());
  CHECK(contains(text, "postgres sensor_rollups: insert of 3 rows failed: "
                       "postgres " +
                           server.url() + ": "));
  CHECK(contains(text, "invalid input syntax for type bigint: \"many\""));
  CHECK(contains(text, "line 2, column readings"));
  CHECK(writer->state()->phase == insert_phase::failing);
  CHECK(writer->state()->rows_pending == 0);
  CHECK(row_count(server) == "0\n");
  REQUIRE(writer->write(rollups(3, 4)));
  REQUIRE(writer->flush());
  CHECK(writer->state()->phase == insert_phase::idle);
  CHECK(stored_rows(server) == as_text(rollups(3, 4)));
}

TEST_CASE("a PostgreSQL writer whose server stopped fails with "
          "connector_failure naming host and port, not the password") {
  postgres_server server;
  auto opts = options_for(server, 10);
  // Trust authentication ignores the password; the URL still has one.
  auto port = std::to_string(server.port());
  opts.client.url =
      "postgresql://postgres:s3cret@127.0.0.1:" + port + "/postgres";
  auto writer = make_writer(std::move(opts));
  auto text = failure_once_stopped(server, *writer, rollups);
  CHECK(contains(text, "postgres sensor_rollups: insert of 3 rows failed: "
                       "postgres postgresql://postgres@127.0.0.1:" +
                           port + "/postgres: "));
  CHECK(contains(text, "port " + port + " failed: Connection refused"));
  CHECK_FALSE(contains(text, "s3cret"));
}

TEST_CASE("a PostgreSQL server that does not answer in connect_timeout "
          "fails the insert in time") {
  // Listens but never answers: the kernel completes the handshake, the
  // server's greeting never comes.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), size) == 0);
  REQUIRE(::listen(listener, 8) == 0);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address),
                        &size) == 0);
  postgres_writer_options<rollup> opts;
  opts.client.url = "postgresql://postgres@127.0.0.1:" +
                    std::to_string(ntohs(address.sin_port)) + "/postgres";
  opts.client.connect_timeout = 300ms;
  opts.table = table;
  opts.columns = columns;
  opts.format = format_rollup;
  auto writer = make_writer(std::move(opts));
  auto started = std::chrono::steady_clock::now();
  REQUIRE(writer->write(rollups(0, 1)));
  auto text = failure_of(writer->flush());
  auto took = std::chrono::steady_clock::now() - started;
  ::close(listener);
  CHECK(contains(text, "no connection within 300 ms"));
  CHECK(took < 2s);
}

TEST_CASE("a PostgreSQL writer inserts again once its server restarted") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  write_again_after_restart(server, *writer, rollups);
  CHECK(stored_rows(server) == as_text(rollups(0, 10)));
}

TEST_CASE("a PostgreSQL writer's first insert after a restart it did not "
          "see succeeds on a new connection") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  REQUIRE(writer->write(rollups(0, 5)));
  REQUIRE(writer->flush());
  server.restart();
  REQUIRE(writer->write(rollups(5, 5)));
  CHECK(writer->flush());
  CHECK(stored_rows(server) == as_text(rollups(0, 10)));
}

TEST_CASE("a PostgreSQL writer that could not create its table creates it "
          "at its next insert") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 10));
  auto text = failure_to_create_then_retry(server, *writer, rollups);
  CHECK(contains(text, "postgres sensor_rollups: cannot create the table: "
                       "statement 1 of 1, \"CREATE TABLE IF NOT EXISTS "
                       "sensor_rollups (event_id text PRI...\", failed: "
                       "postgres " +
                           server.url()));
  CHECK(stored_rows(server) == as_text(rollups(0, 3)));
}

TEST_CASE("a PostgreSQL writer's insert rate, with and without a conflict "
          "target") {
  postgres_server server;
  constexpr int total = 100000;
  auto rows = rollups(0, total);
  for (bool skips_conflicts : {true, false}) {
    server.query("DROP TABLE IF EXISTS sensor_rollups");
    auto opts = options_for(server, default_batch_rows);
    if (!skips_conflicts) {
      opts.conflict_target.clear();
      opts.create_table = create_table_without_key;
    }
    auto writer = make_writer(std::move(opts));
    auto started = std::chrono::steady_clock::now();
    REQUIRE(write_in_parts(*writer, rows, 1000));
    REQUIRE(writer->flush());
    std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - started;
    auto replayed = std::chrono::steady_clock::now();
    REQUIRE(write_in_parts(*writer, rows, 1000));
    REQUIRE(writer->flush());
    std::chrono::duration<double> replay_took =
        std::chrono::steady_clock::now() - replayed;
    CHECK(row_count(server) ==
          std::to_string(skips_conflicts ? total : 2 * total) + "\n");
    char text[200];
    std::snprintf(text, sizeof text,
                  "postgres writer, %s, batches of %zu: %.0f rows/s new, "
                  "%.0f rows/s replayed",
                  skips_conflicts ? "ON CONFLICT DO NOTHING via staging COPY"
                                  : "COPY into the table",
                  default_batch_rows, total / took.count(),
                  total / replay_took.count());
    MESSAGE(text);
  }
}

TEST_CASE("a PostgreSQL sink loses and doubles no row while its server "
          "restarts") {
  postgres_server server;
  auto writer = make_writer(options_for(server, 50));
  auto state = writer->state();
  write_across_restart<rollup>(server, std::move(writer), state, rollups);
  CHECK(server.query("SELECT count(*), count(DISTINCT event_id), "
                     "sum(readings) FROM sensor_rollups") ==
        "3000\t3000\t4498500\n");
}

} // namespace eddy::test
