// The part of a PostgreSQL sink that does not depend on the record type:
// rows in COPY text format in a pending body, one transaction per
// batch_rows rows or per flush that skips rows already in the table, the
// table's DDL once before the first insert, and the counters the job
// reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/database_sink_state.hpp"
#include "connectors/databases/postgres_client.hpp"

namespace eddy {

struct postgres_insert_options {
  postgres_options client;
  /// Where rows go: "table" or "schema.table", as SQL names it (quote a
  /// name that needs it: "\"Sensor Rollups\"").
  std::string table;
  /// The columns each row fills, in the order the formatter writes them.
  std::vector<std::string> columns;
  /// Statements run in order once before the first insert, e.g. "CREATE
  /// TABLE IF NOT EXISTS sensor_rollups (...)": make them idempotent, they
  /// run again after each failure until all succeed.
  std::vector<std::string> create_table;
  /// The columns (or `ON CONSTRAINT name`) of a unique index, e.g.
  /// "device_id, window_start": a row that conflicts with one in the table
  /// is skipped, so a replayed row is stored once. Empty: rows are copied
  /// into the table as they are (a replay doubles them).
  std::string conflict_target;
  /// When pending rows make an insert.
  batch_limits batch;
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<database_sink_state> state;
};

class postgres_inserter {
public:
  /// Fails with ec::invalid_config for a bad URL, no table, no columns or
  /// a batch_rows of 0, naming what. Connects only at the first insert.
  [[nodiscard]] static caf::expected<postgres_inserter>
  make(postgres_insert_options options);

  /// Where the next row goes: append one row in COPY text format (see
  /// copy_text.hpp) without a newline, then call end_row().
  std::string& row_buffer() noexcept { return body_; }

  /// Ends the row just appended; once the batch is due (batch_rows rows,
  /// or the first waiting max_delay), inserts them (see insert_pending()).
  [[nodiscard]] caf::expected<void> end_row();

  /// Inserts the pending rows in one transaction (after running the DDL
  /// if it has not succeeded yet), or does nothing when none are pending.
  /// With a conflict_target: COPY into a temporary staging table, then
  /// `INSERT INTO <table> ... SELECT ... ON CONFLICT (<conflict_target>)
  /// DO NOTHING`; without: COPY into the table. Either stores the batch
  /// whole or not at all. On failure the pending rows are dropped (the
  /// sink hands them over again) and the error is ec::connector_failure:
  /// "postgres <table>: ...: " with the reason (PostgreSQL's message, or
  /// the URL without password and why the server cannot be reached).
  [[nodiscard]] caf::expected<void> insert_pending();

  size_t pending_rows() const noexcept { return pending_.rows(); }

  const std::shared_ptr<database_sink_state>& state() const noexcept {
    return state_;
  }

  /// What the job status calls the sink: "postgres <table>".
  std::string name() const { return "postgres " + table_; }

private:
  postgres_inserter(postgres_client client, postgres_insert_options options);

  // Runs the DDL statements not run yet since the last failure.
  caf::expected<void> create_table();

  // The batch's transaction, through the staging table.
  caf::expected<void> insert_skipping_conflicts();

  // Drops the pending rows, marks the state failing and answers
  // ec::connector_failure "postgres <table>: <reason>".
  caf::error fail(std::string_view reason);

  postgres_client client_;
  std::string table_;
  std::string copy_statement_;      // into the staging table, or the table
  std::string create_staging_;      // empty without a conflict_target
  std::string insert_statement_;    // from staging to table, then COMMIT
  uint64_t staging_connection_ = 0; // the connection that has the staging
  std::vector<std::string> create_table_;
  bool is_table_created_ = false;
  std::shared_ptr<database_sink_state> state_;
  std::string body_; // pending rows, one a line
  pending_batch pending_;
};

} // namespace eddy
