// The part of a ClickHouse sink that does not depend on the record type:
// rows as JSONEachRow lines in a pending body, one INSERT per batch_rows
// rows or per flush, the table's DDL once before the first insert, and the
// counters the job reports.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

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

class clickhouse_inserter {
public:
  /// Fails with ec::invalid_config for a bad URL, no table or a batch_rows
  /// of 0. Connects only at the first insert.
  [[nodiscard]] static caf::expected<clickhouse_inserter>
  make(clickhouse_insert_options options);

  /// Where the next row goes: append one JSON object (without a newline),
  /// then call end_row().
  std::string& row_buffer() noexcept { return body_; }

  /// Ends the row just appended; once the batch is due (batch_rows rows,
  /// or the first waiting max_delay), inserts them (see insert_pending()).
  [[nodiscard]] caf::expected<void> end_row();

  /// Inserts the pending rows with one `INSERT INTO <table> FORMAT
  /// JSONEachRow` (after running the DDL if it has not succeeded yet), or
  /// does nothing when none are pending. ClickHouse inserts a batch whole
  /// or not at all; unknown columns are an error, not skipped. On failure
  /// the pending rows are dropped (the sink hands them over again) and the
  /// error is ec::connector_failure: "clickhouse <table>: ..." with the
  /// reason (the URL and why it cannot be reached, or ClickHouse's HTTP
  /// status and message).
  [[nodiscard]] caf::expected<void> insert_pending();

  size_t pending_rows() const noexcept { return pending_.rows(); }

  const std::shared_ptr<database_sink_state>& state() const noexcept {
    return state_;
  }

  /// What the job status calls the sink: "clickhouse <table>".
  std::string name() const { return "clickhouse " + table_; }

private:
  clickhouse_inserter(clickhouse_client client,
                      clickhouse_insert_options options);

  // Runs the DDL statements not run yet since the last failure.
  caf::expected<void> create_table();

  // Drops the pending rows, marks the state failing and answers
  // ec::connector_failure "clickhouse <table>: <reason>".
  caf::error fail(std::string_view reason);

  clickhouse_client client_;
  std::string table_;
  std::string insert_query_;
  std::vector<std::string> create_table_;
  bool is_table_created_ = false;
  std::shared_ptr<database_sink_state> state_;
  std::string body_; // pending rows, one JSON object a line
  pending_batch pending_;
};

} // namespace eddy
