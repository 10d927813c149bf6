// Names a ClickHouse sink's insert phases.
#include "connectors/databases/clickhouse_sink_state.hpp"

namespace eddy {

std::string_view to_string(insert_phase phase) {
  switch (phase) {
  case insert_phase::idle:
    return "idle";
  case insert_phase::inserting:
    return "inserting";
  case insert_phase::failing:
    return "failing";
  }
  return "unknown";
}

} // namespace eddy
