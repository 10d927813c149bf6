// The part of a ClickHouse sink that does not depend on the record type:
// rows as JSONEachRow lines, one INSERT per batch (see batch_inserter.hpp)
// after the table's DDL.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/batch_inserter.hpp"
#include "connectors/databases/clickhouse_client.hpp"
#include "connectors/databases/database_sink_state.hpp"

namespace eddy {

struct clickhouse_insert_options {
  clickhouse_options client;
  /// Where rows go: "database.table", or a table of the user's default
  /// database.
  std::string table;
  /// Statements run in order once before the first insert, e.g. "CREATE
  /// DATABASE IF NOT EXISTS benchmark" and "CREATE TABLE IF NOT EXISTS
  /// benchmark.sensor_rollups (...) ENGINE = ReplacingMergeTree ...": make
  /// them idempotent, they run again after each failure until all succeed.
  std::vector<std::string> create_table;
  /// When pending rows make an insert.
  batch_limits batch;
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<database_sink_state> state;
};

/// Rows go into row_buffer() as ONE JSON object each; a batch is one
/// `INSERT INTO <table> FORMAT JSONEachRow`, which ClickHouse stores whole
/// or not at all (an unknown column is an error, not skipped). Failures
/// read "clickhouse <table>: ..." with the reason: the DDL statement that
/// failed, or "insert of <n> rows failed: " and the URL and why it cannot
/// be reached, or ClickHouse's HTTP status and message. The job status
/// calls the sink "clickhouse <table>".
class clickhouse_inserter final : public batch_inserter {
public:
  /// Fails with ec::invalid_config for a bad URL, no table or a batch_rows
  /// of 0. Connects only at the first insert.
  [[nodiscard]] static caf::expected<clickhouse_inserter>
  make(clickhouse_insert_options options);

private:
  clickhouse_inserter(clickhouse_client client,
                      clickhouse_insert_options options);

  caf::expected<void> create_target() override;

  caf::expected<void> send_batch(size_t rows) override;

  clickhouse_client client_;
  std::string insert_query_;
  std::vector<std::string> create_table_;
};

} // namespace eddy
