// The sensor_rollups table's DDL.
#include "apps/sensors/sensor_table.hpp"

namespace eddy::sensors {

namespace {

std::string columns() {
  std::string text = "    device_id String,\n"
                     "    device_type String,\n"
                     "    customer_id String,\n"
                     "    site_id String,\n"
                     "    window_start DateTime,\n"
                     "    window_end DateTime,\n"
                     "    readings UInt64,\n";
  for (auto& column : reading_columns)
    for (auto suffix : {"_min", "_max", "_avg"})
      text.append("    ")
          .append(column.name)
          .append(suffix)
          .append(" Float64,\n");
  text += "    motion_detected UInt8,\n"
          "    status Int32,\n"
          "    error_count Int64,\n"
          "    packets_sent Int64,\n"
          "    packets_received Int64,\n"
          "    bytes_sent Int64,\n"
          "    bytes_received Int64,\n"
          "    has_alert UInt8\n";
  return text;
}

} // namespace

std::vector<std::string> create_statements(std::string_view table) {
  std::vector<std::string> result;
  if (auto dot = table.find('.'); dot != std::string_view::npos)
    result.push_back("CREATE DATABASE IF NOT EXISTS " +
                     std::string{table.substr(0, dot)});
  result.push_back("CREATE TABLE IF NOT EXISTS " + std::string{table} +
                   "\n(\n" + columns() +
                   ")\nENGINE = ReplacingMergeTree()\n"
                   "PARTITION BY toYYYYMM(window_start)\n"
                   "ORDER BY (device_id, window_start)");
  return result;
}

} // namespace eddy::sensors
