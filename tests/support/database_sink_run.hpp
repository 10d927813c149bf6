// How the database writers' integration tests drive a writer: records
// written in parts, the cases every database writer shares (batches, flush,
// a server that stops, DDL that fails), and a sink actor writing through a
// server restart. The same steps for ClickHouse, PostgreSQL and line
// protocol, each test then checking its own database.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
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
#include "tests/support/failure_text.hpp"

namespace eddy::test {

/// The text of `result`'s error, which must be ec::connector_failure.
template <class T>
std::string failure_of(const caf::expected<T>& result) {
  return failure_text(result, ec::connector_failure);
}

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

// The cases below take a database writer (record_writer plus state())
// with batch_rows 10, and `rows(first, count)`: that many rows from the
// `first`th on, each of its own window or time.

/// Writes 25 rows 7 at a time, and checks that two batches of 10 went in
/// and 5 rows wait; the caller checks its database holds rows(0, 20).
template <class Writer, class MakeRows>
void write_two_batches_and_five_rows(Writer& writer, const MakeRows& rows) {
  REQUIRE(write_in_parts(writer, rows(0, 25), 7));
  auto& state = *writer.state();
  CHECK(state.batches_inserted == 2);
  CHECK(state.rows_inserted == 20);
  CHECK(state.rows_pending == 5);
}

/// Writes 25 rows 7 at a time and flushes, and checks that the flush
/// inserted the 5 that waited: 3 batches, none pending, the writer idle
/// and its last insert after the writes began; the caller checks its
/// database holds rows(0, 25) as written.
template <class Writer, class MakeRows>
void write_and_flush_25_rows(Writer& writer, const MakeRows& rows) {
  auto before = std::chrono::system_clock::now();
  REQUIRE(write_in_parts(writer, rows(0, 25), 7));
  REQUIRE(writer.flush());
  auto& state = *writer.state();
  CHECK(state.batches_inserted == 3);
  CHECK(state.rows_inserted == 25);
  CHECK(state.rows_pending == 0);
  CHECK(state.phase == insert_phase::idle);
  CHECK(state.last_insert_ms >=
        std::chrono::duration_cast<std::chrono::milliseconds>(
            before.time_since_epoch())
            .count());
}

/// Stops `server`, then checks that flushing `writer` with no pending rows
/// succeeds without a batch.
template <class Server, class Writer>
void check_empty_flush_sends_nothing(Server& server, Writer& writer) {
  server.stop();
  CHECK(writer.flush());
  CHECK(writer.state()->batches_inserted == 0);
}

/// Inserts a row, stops `server` and writes 3 more: answers the text of
/// the flush's failure (ec::connector_failure), after checking the writer
/// shows failing with no rows pending.
template <class Server, class Writer, class MakeRows>
std::string failure_once_stopped(Server& server, Writer& writer,
                                 const MakeRows& rows) {
  REQUIRE(writer.write(rows(0, 1)));
  REQUIRE(writer.flush());
  server.stop();
  REQUIRE(writer.write(rows(1, 3)));
  auto text = failure_of(writer.flush());
  CHECK(writer.state()->phase == insert_phase::failing);
  CHECK(writer.state()->rows_pending == 0);
  return text;
}

/// Inserts 5 rows, fails to flush 5 more while `server` is stopped,
/// restarts it and, as the sink does, writes everything since the last
/// successful flush again; checks the writer is idle after. The caller
/// checks its database holds rows(0, 10).
template <class Server, class Writer, class MakeRows>
void write_again_after_restart(Server& server, Writer& writer,
                               const MakeRows& rows) {
  REQUIRE(writer.write(rows(0, 5)));
  REQUIRE(writer.flush());
  server.stop();
  REQUIRE(writer.write(rows(5, 5)));
  REQUIRE_FALSE(writer.flush());
  server.restart();
  REQUIRE(writer.write(rows(5, 5)));
  REQUIRE(writer.flush());
  CHECK(writer.state()->phase == insert_phase::idle);
}

/// Writes 3 rows to a stopped `server`, so that creating what they go
/// into fails, restarts it and writes them again: answers the text of the
/// first flush's failure (ec::connector_failure). The caller checks it and
/// that its database holds rows(0, 3).
template <class Server, class Writer, class MakeRows>
std::string failure_to_create_then_retry(Server& server, Writer& writer,
                                         const MakeRows& rows) {
  server.stop();
  REQUIRE(writer.write(rows(0, 3)));
  auto text = failure_of(writer.flush());
  server.restart();
  REQUIRE(writer.write(rows(0, 3)));
  REQUIRE(writer.flush());
  return text;
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
