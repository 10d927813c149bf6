// The record_writer behind a ClickHouse sink: each record is one row, which
// a job-supplied formatter writes as a JSONEachRow object; rows are inserted
// over HTTP batch_rows at a time and at every flush (a checkpoint, an
// explicit flush, or when too many rows wait for confirmation).
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

#include "actors/record_writer.hpp"
#include "connectors/databases/clickhouse_inserter.hpp"
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
class clickhouse_writer final : public record_writer<T> {
public:
  /// Fails with ec::invalid_config for no formatter, no table, a
  /// batch_rows of 0 or a bad URL. Connects only at the first insert.
  [[nodiscard]] static caf::expected<std::unique_ptr<clickhouse_writer>>
  make(clickhouse_writer_options<T> options) {
    if (!options.format)
      return make_error(ec::invalid_config,
                        "clickhouse " + options.table + ": no row format");
    auto format = std::move(options.format);
    auto inserter = clickhouse_inserter::make(std::move(options));
    if (!inserter)
      return inserter.error();
    return std::unique_ptr<clickhouse_writer>{
        new clickhouse_writer(std::move(*inserter), std::move(format))};
  }

  /// What the job status calls it: "clickhouse <table>".
  std::string name() const { return inserter_.name(); }

  /// The counters for /v1/jobs, safe to read from any thread.
  const std::shared_ptr<database_sink_state>& state() const noexcept {
    return inserter_.state();
  }

  /// Formats every record into the pending rows and inserts each time
  /// batch_rows are pending. A failed insert drops the pending rows and
  /// stops there (the sink writes them all again): ec::connector_failure
  /// naming the table and ClickHouse's or the connection's reason.
  caf::expected<void> write(const std::vector<T>& records) override {
    for (const auto& rec : records) {
      format_(rec, inserter_.row_buffer());
      if (auto ok = inserter_.end_row(); !ok)
        return ok;
    }
    return caf::unit;
  }

  /// Inserts the rows still pending; fails as write() does.
  caf::expected<void> flush() override { return inserter_.insert_pending(); }

  /// Rows wait for batch_rows or a flush: the sink flushes only at
  /// checkpoints, explicit flushes and when too many rows are unconfirmed,
  /// and writes everything since the last flush again after a failure.
  bool delivers_in_background() const override { return true; }

private:
  clickhouse_writer(clickhouse_inserter inserter,
                    std::function<void(const T&, std::string&)> format)
      : inserter_(std::move(inserter)), format_(std::move(format)) {}

  clickhouse_inserter inserter_;
  std::function<void(const T&, std::string&)> format_;
};

} // namespace eddy
