// The part of a PostgreSQL sink that does not depend on the record type:
// rows in COPY text format, one transaction per batch (see
// batch_inserter.hpp) that skips rows already in the table, after the
// table's DDL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/batch_inserter.hpp"
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

/// Rows go into row_buffer() as ONE row each in COPY text format (see
/// copy_text.hpp). A batch is one transaction: with a conflict_target, COPY
/// into a temporary staging table, then `INSERT INTO <table> ... SELECT ...
/// ON CONFLICT (<conflict_target>) DO NOTHING`; without, COPY into the
/// table. Either stores the batch whole or not at all. Failures read
/// "postgres <table>: ..." with the reason: the DDL statement that failed,
/// or "insert of <n> rows failed: " and PostgreSQL's message, or the URL
/// without password and why the server cannot be reached. The job status
/// calls the sink "postgres <table>".
class postgres_inserter final : public batch_inserter {
public:
  /// Fails with ec::invalid_config for a bad URL, no table, no columns or
  /// a batch_rows of 0, naming what. Connects only at the first insert.
  [[nodiscard]] static caf::expected<postgres_inserter>
  make(postgres_insert_options options);

private:
  postgres_inserter(postgres_client client, postgres_insert_options options);

  caf::expected<void> create_target() override;

  caf::expected<void> send_batch(size_t rows) override;

  // The batch's transaction, through the staging table.
  caf::expected<void> insert_skipping_conflicts();

  postgres_client client_;
  std::string copy_statement_;      // into the staging table, or the table
  std::string create_staging_;      // empty without a conflict_target
  std::string insert_statement_;    // from staging to table, then COMMIT
  uint64_t staging_connection_ = 0; // the connection that has the staging
  std::vector<std::string> create_table_;
};

} // namespace eddy
