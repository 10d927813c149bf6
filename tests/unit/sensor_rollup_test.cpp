// The sensors job's rows and alerts: every column of the table in each row
// and nothing else, windows as Unix seconds, strings escaped; the alert
// rules at their limits; the DDL shipped for docker-compose equal to the
// one the job runs.
#include "apps/sensors/sensor_rollup.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "apps/sensors/sensor_table.hpp"

using namespace eddy;
using namespace eddy::sensors;

namespace {

rollup sample() {
  rollup x;
  x.device_id = "sensor_\"7\"";
  x.device_type = "multisensor";
  x.customer_id = "customer_0001";
  x.site_id = "site_008";
  x.window_start = 1735689600000;
  x.window_end = 1735689660000;
  x.readings = 2;
  for (auto v : {-4.5, 1.25})
    x.temperature.add(v);
  x.humidity.add(81);
  x.motion_detected = 1;
  x.status = 2;
  x.bytes_sent = 1LL << 40;
  x.has_alert = true;
  return x;
}

/// The column names of the CREATE TABLE statement.
std::set<std::string> ddl_columns() {
  std::set<std::string> names;
  auto ddl = create_statements("benchmark.sensor_rollups").back();
  std::regex column{R"(\n    (\w+) (\w+))"};
  for (std::sregex_iterator i{ddl.begin(), ddl.end(), column}, end; i != end;
       ++i)
    names.insert((*i)[1]);
  return names;
}

} // namespace

TEST_CASE("a row holds exactly the table's columns") {
  std::string row;
  format_row(sample(), row);
  auto json = nlohmann::json::parse(row);
  std::set<std::string> keys;
  for (auto& [key, value] : json.items())
    keys.insert(key);
  CHECK(keys == ddl_columns());
  CHECK(keys.size() == 7 + 8 * 3 + 8);
}

TEST_CASE("a row's windows are Unix seconds and its readings min, max, avg") {
  std::string row;
  format_row(sample(), row);
  auto json = nlohmann::json::parse(row);
  CHECK(json["device_id"] == "sensor_\"7\"");
  CHECK(json["window_start"] == 1735689600);
  CHECK(json["window_end"] == 1735689660);
  CHECK(json["temperature_min"] == -4.5);
  CHECK(json["temperature_max"] == 1.25);
  CHECK(json["temperature_avg"] == -1.625);
  CHECK(json["humidity_avg"] == 81.0);
  CHECK(json["pressure_avg"] == 0.0); // no reading: empty
  CHECK(json["bytes_sent"] == 1LL << 40);
  CHECK(json["has_alert"] == 1);
  CHECK(json["motion_detected"] == 1);
}

TEST_CASE("alerts cross strictly above or below their limits") {
  thresholds limits;
  rollup x = sample();
  x.temperature = {};
  x.temperature.add(35);
  x.humidity = {};
  x.humidity.add(80);
  x.battery_level.add(20);
  CHECK_FALSE(alert_of(x, limits));
  x.battery_level.add(19.99);
  auto a = alert_of(x, limits);
  REQUIRE(a);
  CHECK(a->low_battery);
  CHECK_FALSE(a->high_temperature);
  CHECK(a->min_battery == 19.99);
  std::string json;
  format_json(*a, json);
  auto parsed = nlohmann::json::parse(json);
  CHECK(parsed["alerts"] == nlohmann::json::array({"low_battery"}));
  CHECK(parsed["window_start"] == 1735689600000);
  CHECK(parsed["device_id"] == "sensor_\"7\"");
}

TEST_CASE("a table without a database is created alone") {
  auto statements = create_statements("rollups");
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].rfind("CREATE TABLE IF NOT EXISTS rollups\n", 0) == 0);
}

TEST_CASE("docker/clickhouse/sensor_rollups.sql is the job's DDL") {
  std::ifstream file{EDDY_SOURCE_DIR "/docker/clickhouse/sensor_rollups.sql"};
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  std::string expected;
  for (auto& statement : create_statements("benchmark.sensor_rollups"))
    expected += statement + ";\n";
  CHECK(text.str() == expected);
}
