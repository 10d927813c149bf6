// What a database sink (ClickHouse, PostgreSQL, line protocol) shows on
// /v1/jobs and the dashboard: written by its writer on the sink's thread,
// read from any other. Also when a batch of pending rows is due.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "messages/job_status.hpp"

namespace eddy {

enum class insert_phase : uint8_t {
  /// Nothing being sent, and the last insert (if any) succeeded.
  idle,
  /// An insert (or the table's DDL) is on its way.
  inserting,
  /// The last insert or DDL failed; the sink writes its rows again.
  failing,
};

/// "idle", "inserting" or "failing".
std::string_view to_string(insert_phase phase);

struct database_sink_state {
  std::atomic<uint64_t> batches_inserted{0};
  std::atomic<uint64_t> rows_inserted{0};
  /// Rows formatted but not inserted yet (they wait for batch_rows or a
  /// flush); dropped, and so not counted, when an insert fails.
  std::atomic<uint64_t> rows_pending{0};
  /// Rows the database refused for good (a line protocol line it cannot
  /// parse or whose field type conflicts): reported once, then left out.
  std::atomic<uint64_t> rows_rejected{0};
  /// The end of the last successful insert, in Unix milliseconds; 0 before.
  std::atomic<int64_t> last_insert_ms{0};
  std::atomic<insert_phase> phase{insert_phase::idle};

  /// Marks a batch of `rows` inserted now.
  void inserted(uint64_t rows);

  /// Marks an insert (or the table's DDL) failed, its `dropped` pending
  /// rows no longer pending.
  void failed(uint64_t dropped);
};

/// A sink's state as a dashboard figure: rows inserted, batches and rows
/// pending, its title naming the sink and its phase, e.g. "PostgreSQL
/// sensor_readings (idle)".
job_figure database_figure(std::string id, std::string_view title,
                           const database_sink_state& state);

/// Runs a sink's DDL `statements` in order with `execute` until one fails,
/// whose error it answers as ec::connector_failure: "cannot create the
/// table: statement 2 of 3, \"CREATE TABLE ...\", failed: <its context>".
[[nodiscard]] caf::expected<void> run_table_ddl(
    const std::vector<std::string>& statements,
    const std::function<caf::expected<void>(const std::string&)>& execute);

/// Rows per insert by default: databases want few large inserts (ClickHouse
/// makes a part on disk of each), and 5000 rows of a few hundred bytes is a
/// body of about a megabyte.
constexpr size_t default_batch_rows = 5000;

/// When the rows waiting in a writer make an insert: batch_rows of them, or
/// the first of them waiting max_delay (checked as rows arrive; a quiet
/// sink's rows go at its next checkpoint).
struct batch_limits {
  size_t batch_rows = default_batch_rows;
  std::chrono::milliseconds max_delay{5000};
};

/// Counts a writer's pending rows against its batch_limits.
class pending_batch {
public:
  explicit pending_batch(batch_limits limits) : limits_(limits) {}

  /// One more row is pending; true when the batch is due.
  bool add_row() {
    auto now = std::chrono::steady_clock::now();
    if (rows_++ == 0)
      first_at_ = now;
    return rows_ >= limits_.batch_rows || now - first_at_ >= limits_.max_delay;
  }

  size_t rows() const noexcept { return rows_; }
  void clear() noexcept { rows_ = 0; }

private:
  batch_limits limits_;
  size_t rows_ = 0;
  std::chrono::steady_clock::time_point first_at_{};
};

} // namespace eddy
