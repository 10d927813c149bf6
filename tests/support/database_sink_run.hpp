// How the database writers' integration tests drive a writer: records
// written in parts, and a sink actor writing through a server restart (the
// same run for ClickHouse and PostgreSQL, each then checking its table).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "actors/record_writer.hpp"
#include "actors/sink.hpp"
#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "connectors/databases/database_sink_state.hpp"
#include "messages/error.hpp"

namespace eddy::test {

/// Writes `rows` with `writer` in writes of `per_write` records; stops at
/// the first failure and answers it.
template <class Row>
caf::expected<void> write_in_parts(record_writer<Row>& writer,
                                   const std::vector<Row>& rows,
                                   size_t per_write) {
  for (size_t i = 0; i < rows.size(); i += per_write) {
    auto end = std::min(rows.size(), i + per_write);
    std::vector<Row> part(rows.begin() + i, rows.begin() + end);
    if (auto ok = writer.write(part); !ok)
      return ok;
  }
  return caf::unit;
}

/// Polls `done` every 10 ms; false if it did not hold within `timeout`.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds{
                           30}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return true;
}

/// A sink actor over `writer` (whose counters are `state`) is sent 300
/// batches of 10 rows, `rows(first, count)`: half before `server` stops,
/// the rest while it is away and once it is back (restarted from this
/// thread, which outlives it); then a checkpoint. Checks that the
/// checkpoint passed, that inserts failed on the way and that the writer
/// is idle at the end; the caller checks the table holds each of the 3000
/// rows once.
template <class Row, class Server>
void write_across_restart(
    Server& server, std::unique_ptr<record_writer<Row>> writer,
    std::shared_ptr<database_sink_state> state,
    const std::function<std::vector<Row>(int first, int count)>& rows) {
  using namespace std::chrono_literals;
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", size_t{2});
  cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system sys{cfg};
  sink_options opts;
  opts.max_batch = 20;
  opts.max_delay = 10ms;
  opts.max_backoff = 100ms;
  opts.counters = std::make_shared<sink_counters>();
  auto counters = opts.counters;
  auto handle = sys.spawn<caf::detached>(sink<Row>, std::move(writer), opts);
  auto sink = caf::actor_cast<consumer_actor<Row>>(handle);
  constexpr int batches = 300;
  constexpr int per_batch = 10;
  std::atomic<bool> is_stopped{false};
  // A jthread, joined even if the test throws first.
  std::jthread sender{[&] {
    caf::scoped_actor self{sys};
    for (int i = 0; i < batches; ++i) {
      if (i == batches / 2)
        wait_until([&] { return is_stopped.load(); });
      self->request(sink, caf::infinite,
                    output_batch<Row>{0, 0, rows(i * per_batch, per_batch)})
          .receive([](uint64_t) {},
                   [](caf::error& err) {
                     FAIL_CHECK("the sink failed: " << describe(err));
                   });
    }
  }};
  CHECK(wait_until([&] { return state->rows_inserted >= 500; }));
  server.stop();
  is_stopped = true;
  CHECK(wait_until([&] { return counters->failing.load(); }));
  server.restart();
  sender.join();
  caf::scoped_actor self{sys};
  auto passed = false;
  self->request(sink, 30s, checkpoint_atom::value, int64_t{1}, int32_t{0})
      .receive([&](uint64_t) { passed = true; },
               [](caf::error& err) { FAIL("checkpoint: " << describe(err)); });
  CHECK(passed);
  CHECK(counters->failures > 0);
  CHECK(state->phase == insert_phase::idle);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

} // namespace eddy::test
