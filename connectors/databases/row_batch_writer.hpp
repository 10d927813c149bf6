// What the record_writers of the database sinks share: each record is one
// row that a job-supplied formatter appends to an inserter's pending rows;
// the inserter sends them batch_rows at a time and at every flush (a
// checkpoint, an explicit flush, or when too many rows wait for
// confirmation). clickhouse_writer, postgres_writer and line_protocol_writer
// add their options.
#pragma once

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "connectors/databases/batch_inserter.hpp"
#include "connectors/databases/database_sink_state.hpp"
#include "messages/error.hpp"

namespace eddy {

/// `Inserter` (clickhouse_inserter, postgres_inserter,
/// line_protocol_inserter) is a batch_inserter made by a static make() from
/// its options.
template <class T, std::derived_from<batch_inserter> Inserter>
class row_batch_writer : public record_writer<T> {
public:
  using formatter = std::function<void(const T&, std::string&)>;

  /// What the job status calls it: "<database> <table>".
  std::string name() const { return inserter_.name(); }

  /// The counters for /v1/jobs, safe to read from any thread.
  const std::shared_ptr<database_sink_state>& state() const noexcept {
    return inserter_.state();
  }

  /// Formats every record into the pending rows and inserts each time
  /// batch_rows are pending. A failed insert drops the pending rows and
  /// stops there (the sink writes them all again): ec::connector_failure
  /// naming the table and the database's or the connection's reason.
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

protected:
  row_batch_writer(Inserter inserter, formatter format)
      : inserter_(std::move(inserter)), format_(std::move(format)) {}

  /// Makes a `Writer` (derived from this one, a friend) from `options`, an
  /// Inserter's options with the `format` for its rows. Fails with
  /// ec::invalid_config: "<sink>: no row format" (`sink` names it as its
  /// status does, e.g. "postgres sensor_readings"), or as Inserter::make()
  /// does.
  template <class Writer, class Options>
  static caf::expected<std::unique_ptr<Writer>>
  make_writer(std::string_view sink, Options options) {
    if (!options.format)
      return make_error(ec::invalid_config,
                        std::string{sink} + ": no row format");
    auto format = std::move(options.format);
    auto inserter = Inserter::make(std::move(options));
    if (!inserter)
      return inserter.error();
    return std::unique_ptr<Writer>{
        new Writer(std::move(*inserter), std::move(format))};
  }

private:
  Inserter inserter_;
  formatter format_;
};

} // namespace eddy
