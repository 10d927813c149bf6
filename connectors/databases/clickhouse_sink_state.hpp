// What a ClickHouse sink shows on /v1/jobs: written by its writer on the
// sink's thread, read from any other.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

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

struct clickhouse_sink_state {
  std::atomic<uint64_t> batches_inserted{0};
  std::atomic<uint64_t> rows_inserted{0};
  /// Rows formatted but not inserted yet (they wait for batch_rows or a
  /// flush); dropped, and so not counted, when an insert fails.
  std::atomic<uint64_t> rows_pending{0};
  /// The end of the last successful insert, in Unix milliseconds; 0 before.
  std::atomic<int64_t> last_insert_ms{0};
  std::atomic<insert_phase> phase{insert_phase::idle};
};

} // namespace eddy
