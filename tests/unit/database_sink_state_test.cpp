// When a database writer's pending rows make an insert, and how its state
// reads on the dashboard.
#include "connectors/databases/database_sink_state.hpp"

#include <chrono>
#include <thread>

#include <doctest/doctest.h>

using namespace eddy;
using namespace std::chrono_literals;

TEST_CASE("a pending batch is due at batch_rows rows") {
  pending_batch batch{{.batch_rows = 3, .max_delay = 1h}};
  CHECK_FALSE(batch.add_row());
  CHECK_FALSE(batch.add_row());
  CHECK(batch.add_row());
  CHECK(batch.rows() == 3);
  batch.clear();
  CHECK(batch.rows() == 0);
  CHECK_FALSE(batch.add_row());
}

TEST_CASE("a pending batch is due once its first row waited max_delay") {
  pending_batch batch{{.batch_rows = 1000, .max_delay = 20ms}};
  CHECK_FALSE(batch.add_row());
  std::this_thread::sleep_for(30ms);
  CHECK(batch.add_row());
  batch.clear();
  // The wait starts again with the next batch's first row.
  CHECK_FALSE(batch.add_row());
}

TEST_CASE("a database sink's figure names it and its phase and counts its "
          "rows") {
  database_sink_state state;
  state.rows_pending = 7;
  state.inserted(5);
  auto figure = database_figure("pg", "PostgreSQL sensor_readings", state);
  CHECK(figure.id == "pg");
  CHECK(figure.title == "PostgreSQL sensor_readings (idle)");
  REQUIRE(figure.points.size() == 3);
  CHECK(figure.points[0].second == 5); // rows inserted
  CHECK(figure.points[1].second == 1); // batches
  CHECK(figure.points[2].second == 2); // rows pending
  CHECK(state.last_insert_ms > 0);
  state.phase = insert_phase::failing;
  CHECK(database_figure("pg", "PostgreSQL", state).title ==
        "PostgreSQL (failing)");
}
