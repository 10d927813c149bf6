// What the inserters of the database sinks share: rows a formatter appends
// to a pending body, one insert per batch (batch_limits) or per flush, what
// the rows go into created before the first insert, a failure that drops
// the batch, and the counters the job reports. clickhouse_inserter,
// postgres_inserter and line_protocol_inserter add how their database
// takes a batch.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "caf/expected.hpp"

#include "connectors/databases/database_sink_state.hpp"

namespace eddy {

class batch_inserter {
public:
  virtual ~batch_inserter() = default;

  /// Where the next row goes: append ONE row in the database's format
  /// (without a newline), then call end_row().
  std::string& row_buffer() noexcept { return body_; }

  /// Ends the row just appended (unless admit_row() leaves it out); once
  /// the batch is due (batch_rows rows, or the first waiting max_delay),
  /// inserts the pending rows as insert_pending() does.
  [[nodiscard]] caf::expected<void> end_row();

  /// Inserts the pending rows as one batch (creating what they go into
  /// first, until that succeeds once), or does nothing when none are
  /// pending. On failure the pending rows are dropped (the sink hands them
  /// over again), the state shows failing and the error is
  /// ec::connector_failure "<sink>: <reason>", the reason being what
  /// create_target() or send_batch() answered.
  [[nodiscard]] caf::expected<void> insert_pending();

  /// The counters for /v1/jobs, safe to read from any thread.
  const std::shared_ptr<database_sink_state>& state() const noexcept {
    return state_;
  }

  /// What the job status calls the sink: by default the `sink` its
  /// failures start with.
  virtual std::string name() const { return sink_; }

protected:
  /// `sink` starts each failure's text, e.g. "clickhouse
  /// benchmark.sensor_rollups"; a null `state` is created.
  batch_inserter(std::string sink, batch_limits batch,
                 std::shared_ptr<database_sink_state> state);

  // Moved only as part of the inserter that derives from it.
  batch_inserter(batch_inserter&&) noexcept = default;
  batch_inserter& operator=(batch_inserter&&) noexcept = default;

  /// The pending rows, each ended by a newline.
  const std::string& body() const noexcept { return body_; }

  /// For a server that says what the rows go into is gone: create_target()
  /// runs again before the next insert.
  void mark_target_missing() noexcept { is_target_created_ = false; }

private:
  /// Creates what the rows go into (a table, a database), or answers why
  /// it could not as an error whose context is the reason. Runs before the
  /// first insert and again before each one until it succeeds, so it must
  /// be idempotent.
  [[nodiscard]] virtual caf::expected<void> create_target() = 0;

  /// Stores the `rows` rows of body() whole, or answers why not as an
  /// error whose context is the reason (the rows are dropped then).
  [[nodiscard]] virtual caf::expected<void> send_batch(size_t rows) = 0;

  /// Whether the row at body()[begin, end) joins the batch: every row
  /// does unless an inserter leaves some out (it is then cut off the body).
  virtual bool admit_row(size_t /* begin */) { return true; }

  /// The pending rows were inserted or dropped: what an inserter keeps
  /// about them goes too.
  virtual void on_batch_cleared() {}

  /// insert_pending() succeeded: everything the sink had unconfirmed is
  /// stored.
  virtual void on_flushed() {}

  // Inserts the pending rows if any: insert_pending() without on_flushed().
  caf::expected<void> insert_batch();

  // Empties the body for the next batch.
  void clear_batch();

  // Drops the pending rows, marks the state failing and answers
  // ec::connector_failure "<sink>: <the context of reason>".
  caf::error fail(const caf::error& reason);

  std::string sink_;
  std::shared_ptr<database_sink_state> state_;
  bool is_target_created_ = false;
  std::string body_;     // pending rows, each ended by a newline
  size_t row_begin_ = 0; // where the row being appended starts in body_
  pending_batch pending_;
};

} // namespace eddy
