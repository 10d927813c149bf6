// The batching sink actor: retries a failing writer with backoff, reports
// the failures, and writes every record once the writer recovers; has a
// transactional writer prepare each checkpoint before its barrier passes.
#include "actors/sink.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

// Fails its first `failures` writes, then keeps what it is given.
class flaky_writer final : public record_writer<int> {
public:
  flaky_writer(int failures, std::shared_ptr<std::vector<int>> written)
      : failures_(failures), written_(std::move(written)) {}

  caf::expected<void> write(const std::vector<int>& records) override {
    if (failures_ > 0) {
      --failures_;
      return make_error(ec::connector_failure, "the target is away");
    }
    written_->insert(written_->end(), records.begin(), records.end());
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

private:
  int failures_;
  std::shared_ptr<std::vector<int>> written_;
};

// Delivers in the background: written records wait for flush(), which
// fails its first `failures` calls and then loses what was pending, as a
// producer whose deliveries failed.
class background_writer final : public record_writer<int> {
public:
  struct log {
    std::mutex mtx;
    int writes = 0;
    int flushes = 0;
    std::vector<int> delivered;
  };

  background_writer(int failures, std::shared_ptr<log> into)
      : failures_(failures), log_(std::move(into)) {}

  caf::expected<void> write(const std::vector<int>& records) override {
    std::lock_guard guard{log_->mtx};
    ++log_->writes;
    pending_.insert(pending_.end(), records.begin(), records.end());
    return caf::unit;
  }

  caf::expected<void> flush() override {
    std::lock_guard guard{log_->mtx};
    ++log_->flushes;
    auto pending = std::move(pending_);
    pending_.clear();
    if (failures_ > 0) {
      --failures_;
      return make_error(ec::connector_failure, "deliveries failed");
    }
    log_->delivered.insert(log_->delivered.end(), pending.begin(),
                           pending.end());
    return caf::unit;
  }

  bool delivers_in_background() const override { return true; }

private:
  int failures_;
  std::shared_ptr<log> log_;
  std::vector<int> pending_;
};

struct fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;

  fixture() {
    cfg.set("scheduler.max-threads", size_t{2});
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
  }
};

} // namespace

TEST_CASE_FIXTURE(fixture, "a failing write is retried, reported, and the "
                           "records are written once it succeeds") {
  auto written = std::make_shared<std::vector<int>>();
  sink_options opts;
  opts.max_batch = 1;
  opts.max_delay = 10ms;
  opts.counters = std::make_shared<sink_counters>();
  auto counters = opts.counters;
  auto handle =
      sys->spawn(sink<int>, std::make_unique<flaky_writer>(3, written), opts);
  caf::scoped_actor self{*sys};
  self->request(handle, caf::infinite, output_batch<int>{0, 0, {1, 2, 3}})
      .receive([](uint64_t) {}, [](caf::error&) { FAIL("the sink failed"); });
  CHECK(counters->failing);
  CHECK(counters->last_error().find("away") != std::string::npos);
  // The sink counts a write after the writer returns: wait on its count,
  // which also makes the writer's vector safe to read.
  for (int i = 0; i < 500 && counters->written < 3; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(*written == std::vector<int>{1, 2, 3});
  CHECK(counters->failures == 3);
  CHECK_FALSE(counters->failing);
  CHECK(counters->written == 3);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

namespace {

// Sends one batch per record and waits for each to be acknowledged.
void send_batches(caf::scoped_actor& self, const consumer_actor<int>& sink,
                  std::vector<int> records) {
  for (auto rec : records)
    self->request(sink, caf::infinite, output_batch<int>{0, 0, {rec}})
        .receive([](uint64_t) {}, [](caf::error&) { FAIL("the sink failed"); });
}

// Asks the sink to pass barrier `id` of `upstream`; true once it answered.
bool checkpoint(caf::scoped_actor& self, const consumer_actor<int>& sink,
                int64_t id = 1, int32_t upstream = 0) {
  auto answered = false;
  self->request(sink, std::chrono::seconds{10}, checkpoint_atom::value, id,
                upstream)
      .receive([&](uint64_t) { answered = true; }, [](caf::error&) {});
  return answered;
}

} // namespace

TEST_CASE_FIXTURE(fixture, "a writer that delivers in the background is "
                           "written per batch and flushed at checkpoints") {
  auto log = std::make_shared<background_writer::log>();
  sink_options opts;
  opts.max_batch = 1;
  auto handle =
      sys->spawn(sink<int>, std::make_unique<background_writer>(0, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  send_batches(self, sink, {1, 2, 3});
  {
    std::lock_guard guard{log->mtx};
    CHECK(log->writes == 3);
    CHECK(log->flushes == 0);
  }
  CHECK(checkpoint(self, sink));
  {
    std::lock_guard guard{log->mtx};
    CHECK(log->flushes == 1);
    CHECK(log->delivered == std::vector<int>{1, 2, 3});
  }
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(fixture, "a failed background flush writes everything "
                           "since the last flush again before the checkpoint "
                           "passes") {
  auto log = std::make_shared<background_writer::log>();
  sink_options opts;
  opts.max_batch = 1;
  opts.max_delay = 10ms;
  opts.counters = std::make_shared<sink_counters>();
  auto counters = opts.counters;
  auto handle =
      sys->spawn(sink<int>, std::make_unique<background_writer>(1, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  send_batches(self, sink, {1, 2, 3});
  // The first flush fails and loses 1, 2, 3; the checkpoint is answered
  // only once they are delivered after all.
  CHECK(checkpoint(self, sink));
  {
    std::lock_guard guard{log->mtx};
    CHECK(log->flushes == 2);
    CHECK(log->delivered == std::vector<int>{1, 2, 3});
  }
  CHECK(counters->failures == 1);
  CHECK_FALSE(counters->failing);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(fixture, "a background writer is flushed once max_buffered "
                           "records wait for their deliveries") {
  auto log = std::make_shared<background_writer::log>();
  sink_options opts;
  opts.max_batch = 1;
  opts.max_buffered = 4;
  auto handle =
      sys->spawn(sink<int>, std::make_unique<background_writer>(0, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  send_batches(self, sink, {1, 2, 3, 4, 5});
  {
    std::lock_guard guard{log->mtx};
    CHECK(log->flushes == 1);
    CHECK(log->delivered == std::vector<int>{1, 2, 3, 4});
  }
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(fixture, "a checkpoint that arrives while the sink is "
                           "stalled is answered once the stall ends") {
  auto log = std::make_shared<background_writer::log>();
  sink_options opts;
  opts.max_delay = 10ms;
  auto handle =
      sys->spawn(sink<int>, std::make_unique<background_writer>(0, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  self->send(handle, stall_atom::value, int64_t{50});
  CHECK(checkpoint(self, sink));
  std::lock_guard guard{log->mtx};
  CHECK(log->flushes == 1);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

namespace {

// A transactional writer that logs what the sink asks of it ("write 1 2",
// "flush", "prepare 7", "commit"); its first `failing_prepares` prepares
// fail.
class transaction_log_writer final : public record_writer<int> {
public:
  struct log {
    std::mutex mtx;
    std::vector<std::string> calls;
  };

  transaction_log_writer(int failing_prepares, std::shared_ptr<log> into)
      : failing_prepares_(failing_prepares), log_(std::move(into)) {}

  caf::expected<void> write(const std::vector<int>& records) override {
    if (records.empty())
      return caf::unit;
    std::string call = "write";
    for (auto rec : records)
      call += " " + std::to_string(rec);
    add(std::move(call));
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

  bool transactional() const override { return true; }

  caf::expected<void> prepare(int64_t checkpoint_id) override {
    add("prepare " + std::to_string(checkpoint_id));
    if (failing_prepares_ > 0) {
      --failing_prepares_;
      return make_error(ec::connector_failure, "cannot sync");
    }
    return caf::unit;
  }

  caf::expected<void> commit() override {
    add("commit");
    return caf::unit;
  }

private:
  void add(std::string call) {
    std::lock_guard guard{log_->mtx};
    log_->calls.push_back(std::move(call));
  }

  int failing_prepares_;
  std::shared_ptr<log> log_;
};

std::vector<std::string> calls_of(transaction_log_writer::log& log) {
  std::lock_guard guard{log.mtx};
  return log.calls;
}

} // namespace

TEST_CASE_FIXTURE(fixture, "a transactional writer prepares a checkpoint "
                           "after the records before its barrier and "
                           "commits it once it completes") {
  auto log = std::make_shared<transaction_log_writer::log>();
  sink_options opts;
  opts.max_delay = 10s; // no timer writes between the two batches
  auto handle = sys->spawn(
      sink<int>, std::make_unique<transaction_log_writer>(0, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  send_batches(self, sink, {1, 2});
  CHECK(checkpoint(self, sink, 7));
  CHECK(calls_of(*log) == std::vector<std::string>{"write 1 2", "prepare 7"});
  self->send(sink, commit_atom::value, int64_t{7}, true);
  self->request(sink, caf::infinite, flush_atom::value)
      .receive([](uint64_t) {}, [](caf::error&) {});
  CHECK(calls_of(*log) ==
        std::vector<std::string>{"write 1 2", "prepare 7", "commit"});
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(fixture, "a failed prepare is reported and retried, and "
                           "the barrier passes once it succeeds") {
  auto log = std::make_shared<transaction_log_writer::log>();
  sink_options opts;
  opts.max_delay = 10ms;
  opts.counters = std::make_shared<sink_counters>();
  auto counters = opts.counters;
  auto handle = sys->spawn(
      sink<int>, std::make_unique<transaction_log_writer>(1, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  send_batches(self, sink, {1});
  CHECK(checkpoint(self, sink, 3));
  CHECK(calls_of(*log) ==
        std::vector<std::string>{"write 1", "prepare 3", "prepare 3"});
  CHECK(counters->failures == 1);
  CHECK(counters->last_error().find("cannot sync") != std::string::npos);
  CHECK_FALSE(counters->failing);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(fixture, "what an upstream fired on time waits for its "
                           "barrier, and is dropped if it restarts first") {
  auto log = std::make_shared<transaction_log_writer::log>();
  sink_options opts;
  opts.max_batch = 1;
  auto handle = sys->spawn(
      sink<int>, std::make_unique<transaction_log_writer>(0, log), opts);
  auto sink = caf::actor_cast<consumer_actor<int>>(handle);
  caf::scoped_actor self{*sys};
  auto send = [&](int32_t upstream, int record, offset_t last_offset) {
    output_batch<int> batch{upstream, 0, {record}};
    batch.last_offset = last_offset;
    self->request(sink, caf::infinite, std::move(batch))
        .receive([](uint64_t) {}, [](caf::error&) { FAIL("the sink failed"); });
  };
  auto window_of_2 = window_upstream(2);
  // Applied from an input offset: written at once (a replay repeats the
  // offset, and the sink drops the repeat).
  send(2, 1, 10);
  // Fired by partition 2's window and by partition 3's timer.
  send(window_of_2, 2, -1);
  send(3, 3, -1);
  CHECK(checkpoint(self, sink, 5, 2));
  CHECK(calls_of(*log) == std::vector<std::string>{"write 1", "prepare 5"});
  // Partition 2 and its window restart from checkpoint 4: the window fires
  // its result again, so the one fired before is dropped. Partition 3 did
  // not restart: its record is kept.
  self->send(handle, restarted_atom::value, int32_t{2});
  send(window_of_2, 4, -1);
  CHECK(checkpoint(self, sink, 5, window_of_2));
  CHECK(checkpoint(self, sink, 5, 3));
  CHECK(calls_of(*log) == std::vector<std::string>{"write 1", "prepare 5",
                                                   "write 4", "prepare 5",
                                                   "write 3", "prepare 5"});
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}
