// ClickHouse's sensor_rollups table: its columns and the statements that
// create it. A ReplacingMergeTree ordered by (device_id, window_start): a
// window's row written again after a crash replaces the first, so
// `SELECT ... FINAL` counts every window once. The DDL loads on Debian's
// ClickHouse 18.16 (no DateTime64, no TTL) and on current releases; it also
// ships as docker/clickhouse/sensor_rollups.sql (a test keeps them equal).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "apps/sensors/sensor_rollup.hpp"

namespace eddy::sensors {

/// A reading kept as `<name>_min`, `<name>_max` and `<name>_avg`.
struct reading_column {
  std::string_view name;
  agg::statistics rollup::*member;
};

inline constexpr std::array<reading_column, 8> reading_columns{{
    {"temperature", &rollup::temperature},
    {"humidity", &rollup::humidity},
    {"pressure", &rollup::pressure},
    {"co2_level", &rollup::co2_level},
    {"noise_level", &rollup::noise_level},
    {"light_level", &rollup::light_level},
    {"battery_level", &rollup::battery_level},
    {"signal_strength", &rollup::signal_strength},
}};

/// `CREATE DATABASE IF NOT EXISTS <db>` when `table` names one
/// ("benchmark.sensor_rollups"), then `CREATE TABLE IF NOT EXISTS <table>`.
std::vector<std::string> create_statements(std::string_view table);

} // namespace eddy::sensors
