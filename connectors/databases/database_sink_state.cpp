// Names a database sink's insert phases and draws its counters.
#include "connectors/databases/database_sink_state.hpp"

#include <utility>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

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

void database_sink_state::failed(uint64_t dropped) {
  rows_pending -= dropped;
  phase = insert_phase::failing;
}

caf::expected<void> run_table_ddl(
    const std::vector<std::string>& statements,
    const std::function<caf::expected<void>(const std::string&)>& execute) {
  for (size_t i = 0; i < statements.size(); ++i)
    if (auto done = execute(statements[i]); !done)
      return make_error(ec::connector_failure,
                        "cannot create the table: statement " +
                            std::to_string(i + 1) + " of " +
                            std::to_string(statements.size()) + ", " +
                            quoted_excerpt(statements[i], 60) +
                            ", failed: " + context_of(done.error()));
  return caf::unit;
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
