// The record_writer behind a PostgreSQL sink: each record is one row, which
// a job-supplied formatter writes in COPY text format (copy_text.hpp);
// rows are inserted in one transaction per batch_rows rows and at every
// flush (see row_batch_writer.hpp).
//
// Delivery is at least once from the sink (after a failed insert it writes
// again everything since its last successful flush), and exactly once into
// the table with a conflict_target: a replayed row conflicts with the one
// already stored and is skipped. Without one, a replay doubles rows.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "caf/expected.hpp"

#include "connectors/databases/copy_text.hpp"
#include "connectors/databases/postgres_inserter.hpp"
#include "connectors/databases/row_batch_writer.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class T>
struct postgres_writer_options : postgres_insert_options {
  /// Appends one record as ONE row in COPY text format, without a
  /// newline: its fields in the order of `columns`, separated by tabs,
  /// NULL as \N, text escaped (copy_row and append_copy_* do all that).
  std::function<void(const T&, std::string&)> format;
};

template <class T>
class postgres_writer final : public row_batch_writer<T, postgres_inserter> {
public:
  /// Fails with ec::invalid_config for no formatter, no table, no columns,
  /// a batch_rows of 0 or a bad URL. Connects only at the first insert.
  [[nodiscard]] static caf::expected<std::unique_ptr<postgres_writer>>
  make(postgres_writer_options<T> options) {
    auto sink = "postgres " + options.table;
    return row_batch_writer<T, postgres_inserter>::template make_writer<
        postgres_writer>(sink, std::move(options));
  }

private:
  friend class row_batch_writer<T, postgres_inserter>;
  using row_batch_writer<T, postgres_inserter>::row_batch_writer;
};

} // namespace eddy
