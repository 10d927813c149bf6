// A line protocol writer's options are checked when it is made, before any
// connection: what is refused and how the refusal reads, and its name.
#include "connectors/databases/line_protocol_writer.hpp"

#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/failure_text.hpp"

using namespace eddy;

namespace {

line_protocol_writer_options<int> valid_options() {
  line_protocol_writer_options<int> opts;
  opts.url = "http://127.0.0.1:8086";
  opts.database = "machinedata";
  opts.format = [](const int& x, std::string& line) {
    line_builder{line, "m"}.integer_field("x", x).time(x);
  };
  return opts;
}

// The text of the refusal of `opts`, which must be ec::invalid_config.
std::string refusal_of(line_protocol_writer_options<int> opts) {
  return test::failure_text(line_protocol_writer<int>::make(std::move(opts)),
                            ec::invalid_config);
}

} // namespace

TEST_CASE("a line protocol writer with a database is named after it and "
          "delivers in the background") {
  auto writer = line_protocol_writer<int>::make(valid_options());
  REQUIRE(writer);
  CHECK((*writer)->name() == "influxdb machinedata");
  CHECK((*writer)->delivers_in_background());
  CHECK((*writer)->state()->phase == insert_phase::idle);
}

TEST_CASE("a line protocol writer without a database (QuestDB) is named "
          "after its URL") {
  auto opts = valid_options();
  opts.url = "http://localhost:9000/";
  opts.database = "none";
  auto writer = line_protocol_writer<int>::make(std::move(opts));
  REQUIRE(writer);
  CHECK((*writer)->name() == "line protocol http://localhost:9000");
}

TEST_CASE("a line protocol writer without a line format is refused") {
  auto opts = valid_options();
  opts.format = nullptr;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: line protocol machinedata: no row format");
}

TEST_CASE("a line protocol writer with a batch of 0 rows is refused") {
  auto opts = valid_options();
  opts.batch.batch_rows = 0;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: line protocol machinedata: batch_rows must be above "
        "0");
}

TEST_CASE("a line protocol writer with a bad URL is refused, naming the "
          "URL") {
  auto opts = valid_options();
  opts.url = "https://influx.example:8086";
  CHECK(test::contains(refusal_of(std::move(opts)),
                       "line protocol machinedata: bad URL "
                       "\"https://influx.example:8086\": https is not "
                       "supported"));
  auto no_scheme = valid_options();
  no_scheme.url = "127.0.0.1:8086";
  CHECK(test::contains(refusal_of(std::move(no_scheme)), "no scheme"));
}

TEST_CASE("a line protocol writer asked to create no database is refused") {
  auto opts = valid_options();
  opts.database.clear();
  opts.create_database = true;
  CHECK(refusal_of(std::move(opts)) ==
        "invalid_config: line protocol http://127.0.0.1:8086: "
        "create_database needs a database");
}

TEST_CASE("timestamp precisions are named as InfluxDB's precision parameter "
          "takes them") {
  CHECK(to_parameter(timestamp_precision::ns) == "n");
  CHECK(to_parameter(timestamp_precision::us) == "u");
  CHECK(to_parameter(timestamp_precision::ms) == "ms");
  CHECK(to_parameter(timestamp_precision::s) == "s");
}
