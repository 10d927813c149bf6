// Batches JSONEachRow rows into INSERTs and keeps the sink's counters.
#include "connectors/databases/clickhouse_inserter.hpp"

#include <utility>

#include "messages/error.hpp"

namespace eddy {

caf::expected<clickhouse_inserter>
clickhouse_inserter::make(clickhouse_insert_options options) {
  if (options.table.empty())
    return make_error(ec::invalid_config, "clickhouse sink: no table");
  if (options.batch.batch_rows == 0)
    return make_error(ec::invalid_config, "clickhouse " + options.table +
                                              ": batch_rows must be above 0");
  auto client = clickhouse_client::make(options.client);
  if (!client)
    return make_error(ec::invalid_config, "clickhouse " + options.table + ": " +
                                              context_of(client.error()));
  return clickhouse_inserter{std::move(*client), std::move(options)};
}

clickhouse_inserter::clickhouse_inserter(clickhouse_client client,
                                         clickhouse_insert_options options)
    : client_(std::move(client)), table_(std::move(options.table)),
      insert_query_("INSERT INTO " + table_ + " FORMAT JSONEachRow"),
      create_table_(std::move(options.create_table)),
      state_(options.state ? std::move(options.state)
                           : std::make_shared<database_sink_state>()),
      pending_(options.batch) {}

caf::expected<void> clickhouse_inserter::end_row() {
  body_.push_back('\n');
  ++state_->rows_pending;
  if (!pending_.add_row())
    return caf::unit;
  return insert_pending();
}

caf::expected<void> clickhouse_inserter::insert_pending() {
  auto rows = pending_.rows();
  if (rows == 0)
    return caf::unit;
  state_->phase = insert_phase::inserting;
  if (auto created = create_table(); !created)
    return created;
  if (auto inserted = client_.execute(insert_query_, body_); !inserted)
    return fail("insert of " + std::to_string(rows) +
                " rows failed: " + context_of(inserted.error()));
  state_->inserted(rows);
  body_.clear(); // keeps its capacity for the next batch
  pending_.clear();
  return caf::unit;
}

caf::expected<void> clickhouse_inserter::create_table() {
  if (is_table_created_)
    return caf::unit;
  auto created = run_table_ddl(
      create_table_, [this](const std::string& sql) -> caf::expected<void> {
        if (auto done = client_.execute(sql); !done)
          return done.error();
        return caf::unit;
      });
  if (!created)
    return fail(context_of(created.error()));
  is_table_created_ = true;
  return caf::unit;
}

caf::error clickhouse_inserter::fail(std::string_view reason) {
  state_->failed(pending_.rows());
  body_.clear();
  pending_.clear();
  return make_error(ec::connector_failure,
                    "clickhouse " + table_ + ": " + std::string{reason});
}

} // namespace eddy
