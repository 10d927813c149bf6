// Sends a ClickHouse sink's batches as JSONEachRow INSERTs, after its DDL.
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
    : batch_inserter("clickhouse " + options.table, options.batch,
                     std::move(options.state)),
      client_(std::move(client)),
      insert_query_("INSERT INTO " + options.table + " FORMAT JSONEachRow"),
      create_table_(std::move(options.create_table)) {}

caf::expected<void> clickhouse_inserter::create_target() {
  return run_table_ddl(create_table_,
                       [this](const std::string& sql) -> caf::expected<void> {
                         if (auto done = client_.execute(sql); !done)
                           return done.error();
                         return caf::unit;
                       });
}

caf::expected<void> clickhouse_inserter::send_batch(size_t rows) {
  if (auto inserted = client_.execute(insert_query_, body()); !inserted)
    return make_error(ec::connector_failure,
                      "insert of " + std::to_string(rows) +
                          " rows failed: " + context_of(inserted.error()));
  return caf::unit;
}

} // namespace eddy
