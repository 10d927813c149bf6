// A PostgreSQL writer's options are checked when it is made, before any
// connection: what is refused and how the refusal reads; URLs shown without
// their password; the COPY text format helpers a row formatter uses.
#include "connectors/databases/postgres_writer.hpp"

#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/failure_text.hpp"

using namespace eddy;

namespace {

postgres_writer_options<int> valid_options() {
  postgres_writer_options<int> opts;
  opts.client.url = "postgresql://eddy:secret@127.0.0.1:5432/sensors";
  opts.table = "sensor_rollups";
  opts.columns = {"x"};
  opts.format = [](const int& x, std::string& row) {
    append_copy_number(row, x);
  };
  return opts;
}

// The text of the refusal of `opts`, which must be ec::invalid_config.
std::string refusal_of(postgres_writer_options<int> opts) {
  return test::failure_text(postgres_writer<int>::make(std::move(opts)),
                            ec::invalid_config);
}

std::string copy_text(std::string_view text) {
  std::string row;
  append_copy_text(row, text);
  return row;
}

template <class Number>
std::string copy_number(Number x) {
  std::string row;
  append_copy_number(row, x);
  return row;
}

} // namespace

TEST_CASE("a PostgreSQL writer is named after its table and delivers in the "
          "background") {
  auto writer = postgres_writer<int>::make(valid_options());
  REQUIRE(writer);
  CHECK((*writer)->name() == "postgres sensor_rollups");
  CHECK((*writer)->delivers_in_background());
  CHECK((*writer)->state()->phase == insert_phase::idle);
}

TEST_CASE("a PostgreSQL writer without a row format is refused") {
  auto opts = valid_options();
  opts.format = nullptr;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sensor_rollups: no row format");
}

TEST_CASE("a PostgreSQL writer without a table is refused") {
  auto opts = valid_options();
  opts.table.clear();
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sink: no table");
}

TEST_CASE("a PostgreSQL writer without columns is refused") {
  auto opts = valid_options();
  opts.columns.clear();
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sensor_rollups: no columns");
}

TEST_CASE("a PostgreSQL writer with a batch of 0 rows is refused") {
  auto opts = valid_options();
  opts.batch.batch_rows = 0;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sensor_rollups: batch_rows must be above 0");
}

TEST_CASE("a PostgreSQL writer without a URL is refused") {
  auto opts = valid_options();
  opts.client.url.clear();
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sensor_rollups: postgres: no URL");
}

TEST_CASE("a PostgreSQL writer with a URL libpq cannot parse is refused with "
          "libpq's reason and without the password") {
  auto opts = valid_options();
  opts.client.url =
      "postgresql://eddy:secret@127.0.0.1:5432/sensors?colour=red";
  auto text = refusal_of(std::move(opts));
  CHECK(text == "invalid_config: postgres sensor_rollups: bad URL "
                "postgresql://eddy@127.0.0.1:5432/sensors?colour=red: invalid "
                "URI query parameter: \"colour\"");
  CHECK_FALSE(test::contains(text, "secret"));
}

TEST_CASE("a PostgreSQL writer with something other than a URL or conninfo "
          "is refused") {
  auto opts = valid_options();
  opts.client.url = "http://127.0.0.1:5432";
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: postgres sensor_rollups: bad URL "
        "http://127.0.0.1:5432: missing \"=\" after \"http://127.0.0.1:5432\" "
        "in connection info string");
}

TEST_CASE("a PostgreSQL URL is shown without the password of its user or "
          "its query") {
  CHECK(without_password("postgresql://eddy:s3cret@db:5433/sensors") ==
        "postgresql://eddy@db:5433/sensors");
  CHECK(without_password(
            "postgres://eddy@db/sensors?password=s3cret&sslmode=disable") ==
        "postgres://eddy@db/sensors?sslmode=disable");
  CHECK(without_password("postgresql://db:5433") == "postgresql://db:5433");
}

TEST_CASE("a PostgreSQL conninfo string is shown without its password") {
  auto shown = without_password(
      "host=db port=5433 user=eddy password='s 3cret' dbname=sensors");
  CHECK(shown == "user=eddy dbname=sensors host=db port=5433");
}

TEST_CASE("COPY text escapes backslash, tab, newline and carriage return, "
          "and nothing else") {
  CHECK(copy_text("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re");
  CHECK(copy_text("it's \"quoted\", größer, 温度") ==
        "it's \"quoted\", größer, 温度");
  CHECK(copy_text("") == "");
}

TEST_CASE("COPY text writes NULL as \\N, and numbers in their shortest "
          "exact form") {
  std::string row;
  append_copy_null(row);
  CHECK(row == "\\N");
  CHECK(copy_number(int64_t{-9223372036854775807} - 1) ==
        "-9223372036854775808");
  CHECK(copy_number(uint64_t{18446744073709551615u}) == "18446744073709551615");
  CHECK(copy_number(0.1) == "0.1");
  CHECK(copy_number(1e300) == "1e+300");
  CHECK(copy_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(copy_number(-std::numeric_limits<double>::infinity()) == "-Infinity");
}

TEST_CASE("a COPY row puts a tab between its fields") {
  std::string row = "earlier rows\n";
  copy_row{row}.text("d\t1").number(42).null().boolean(true).number(2.5);
  CHECK(row == "earlier rows\nd\\t1\t42\t\\N\tt\t2.5");
}
