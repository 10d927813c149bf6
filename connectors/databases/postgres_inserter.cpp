// Sends a PostgreSQL sink's batches of COPY text rows, each in one
// transaction, after its DDL.
#include "connectors/databases/postgres_inserter.hpp"

#include <utility>

#include "messages/error.hpp"

namespace eddy {

namespace {

// The temporary table a batch is copied into before it goes on to the
// table: one per connection, emptied by each commit.
constexpr std::string_view staging_table = "eddy_staging";

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (auto& name : names) {
    if (!text.empty())
      text += ", ";
    text += name;
  }
  return text;
}

} // namespace

caf::expected<postgres_inserter>
postgres_inserter::make(postgres_insert_options options) {
  if (options.table.empty())
    return make_error(ec::invalid_config, "postgres sink: no table");
  auto name = "postgres " + options.table;
  if (options.columns.empty())
    return make_error(ec::invalid_config, name + ": no columns");
  if (options.batch.batch_rows == 0)
    return make_error(ec::invalid_config,
                      name + ": batch_rows must be above 0");
  auto client = postgres_client::make(options.client);
  if (!client)
    return make_error(ec::invalid_config,
                      name + ": " + context_of(client.error()));
  return postgres_inserter{std::move(*client), std::move(options)};
}

postgres_inserter::postgres_inserter(postgres_client client,
                                     postgres_insert_options options)
    : batch_inserter("postgres " + options.table, options.batch,
                     std::move(options.state)),
      client_(std::move(client)),
      create_table_(std::move(options.create_table)) {
  auto columns = joined(options.columns);
  if (options.conflict_target.empty()) {
    // COPY alone stores its rows whole or not at all: no transaction.
    copy_statement_ = "COPY " + options.table + " (" + columns + ") FROM STDIN";
    return;
  }
  std::string staging{staging_table};
  copy_statement_ = "COPY " + staging + " (" + columns + ") FROM STDIN";
  create_staging_ = "CREATE TEMP TABLE IF NOT EXISTS " + staging + " (LIKE " +
                    options.table +
                    " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
  // One round trip: a failed INSERT skips the COMMIT.
  insert_statement_ = "INSERT INTO " + options.table + " (" + columns +
                      ") SELECT " + columns + " FROM " + staging +
                      " ON CONFLICT (" + options.conflict_target +
                      ") DO NOTHING; COMMIT";
}

caf::expected<void> postgres_inserter::create_target() {
  return run_table_ddl(
      create_table_, [this](const std::string& sql) -> caf::expected<void> {
        if (auto done = client_.execute(sql, statement_kind::idempotent); !done)
          return done.error();
        return caf::unit;
      });
}

caf::expected<void> postgres_inserter::send_batch(size_t rows) {
  auto what = "insert of " + std::to_string(rows) + " rows failed: ";
  if (create_staging_.empty()) {
    if (auto copied = client_.copy_from(copy_statement_, body(),
                                        statement_kind::idempotent);
        !copied)
      return make_error(ec::connector_failure,
                        what + context_of(copied.error()));
  } else if (auto inserted = insert_skipping_conflicts(); !inserted) {
    // A transaction the server still holds open must not take the next
    // batch's statements with it; a lost one ended with its connection.
    if (client_.is_connected())
      static_cast<void>(client_.execute("ROLLBACK")); // its own failure
                                                      // changes nothing
    return make_error(ec::connector_failure,
                      what + context_of(inserted.error()));
  }
  return caf::unit;
}

caf::expected<void> postgres_inserter::insert_skipping_conflicts() {
  // BEGIN may go again on a new connection: nothing happened yet.
  if (auto begun = client_.execute("BEGIN", statement_kind::idempotent); !begun)
    return begun.error();
  auto connection = client_.connections_opened();
  if (connection != staging_connection_)
    if (auto created = client_.execute(create_staging_); !created)
      return created.error();
  if (auto copied = client_.copy_from(copy_statement_, body()); !copied)
    return copied.error();
  if (auto committed = client_.execute(insert_statement_); !committed)
    return committed.error();
  // Committed, so the staging table outlives the transaction.
  staging_connection_ = connection;
  return caf::unit;
}

} // namespace eddy
