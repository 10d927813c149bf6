// Names a database sink's insert phases and draws its counters.
#include "connectors/databases/database_sink_state.hpp"

#include <utility>

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

void database_sink_state::inserted(uint64_t rows) {
  ++batches_inserted;
  rows_inserted += rows;
  rows_pending -= rows;
  last_insert_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  phase = insert_phase::idle;
}

job_figure database_figure(std::string id, std::string_view title,
                           const database_sink_state& state) {
  job_figure figure{std::move(id),
                    std::string{title} + " (" +
                        std::string{to_string(state.phase.load())} + ")",
                    "rows",
                    figure_kind::ranking,
                    {}};
  figure.points = {
      {"rows inserted", static_cast<double>(state.rows_inserted.load())},
      {"batches", static_cast<double>(state.batches_inserted.load())},
      {"rows pending", static_cast<double>(state.rows_pending.load())}};
  return figure;
}

} // namespace eddy
