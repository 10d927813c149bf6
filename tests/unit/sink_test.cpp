// The batching sink actor: retries a failing writer with backoff, reports
// the failures, and writes every record once the writer recovers.
#include "actors/sink.hpp"

#include <atomic>
#include <chrono>
#include <thread>

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
  for (int i = 0; i < 500 && written->size() < 3; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(*written == std::vector<int>{1, 2, 3});
  CHECK(counters->failures == 3);
  CHECK_FALSE(counters->failing);
  CHECK(counters->written == 3);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}
