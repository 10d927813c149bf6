// The record_writer behind a ClickHouse sink: each record is one row, which
// a job-supplied formatter writes as a JSONEachRow object; rows are inserted
// over HTTP batch_rows at a time and at every flush (see
// row_batch_writer.hpp).
//
// Delivery is at least once: after a failed insert the sink writes again
// everything since its last successful flush, so rows already inserted by
// earlier batches arrive twice. Make the target table a ReplacingMergeTree
// ordered by the rows' identity (e.g. device and window) and read it with
// FINAL (or after merges): a re-inserted row replaces itself.
//
// DateTime columns (ClickHouse 18.16, measured; DateTime64 does not exist
// there): JSONEachRow takes Unix seconds, as a number (1700000000) or a
// string of digits ("1700000000"); that is one instant whatever the
// server's time zone, so format timestamps that way. A "YYYY-MM-DD
// hh:mm:ss" string is read in the server's time zone (or the column's, for
// DateTime('UTC')), so the same text means another instant on a server set
// elsewhere. Fractional seconds (1700000000.5) and ISO 8601 with T or Z are
// rejected: round to whole seconds.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/clickhouse_inserter.hpp"
#include "connectors/databases/row_batch_writer.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class T>
struct clickhouse_writer_options : clickhouse_insert_options {
  /// Appends one record as ONE JSONEachRow object, without a newline:
  /// `{"device_id":"d1","window_start":1700000000,"avg":21.5}`, a key per
  /// column (an unknown column fails the insert; a missing one gets its
  /// default).
  std::function<void(const T&, std::string&)> format;
};

template <class T>
class clickhouse_writer final
    : public row_batch_writer<T, clickhouse_inserter> {
public:
  /// Fails with ec::invalid_config for no formatter, no table, a
  /// batch_rows of 0 or a bad URL. Connects only at the first insert.
  [[nodiscard]] static caf::expected<std::unique_ptr<clickhouse_writer>>
  make(clickhouse_writer_options<T> options) {
    auto sink = "clickhouse " + options.table;
    return row_batch_writer<T, clickhouse_inserter>::template make_writer<
        clickhouse_writer>(sink, std::move(options));
  }

private:
  friend class row_batch_writer<T, clickhouse_inserter>;
  using row_batch_writer<T, clickhouse_inserter>::row_batch_writer;
};

} // namespace eddy
