// Starts and stops the inventory job for tests.
#include "tests/support/job_tester.hpp"

#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "apps/eddy/job_catalog.hpp"
#include "messages/error.hpp"

namespace eddy::test {

job_tester::job_tester(overrides extra) : extra_(std::move(extra)) {
  sys_cfg_.set("scheduler.max-threads", size_t{2});
  sys_cfg_.set("logger.verbosity", caf::atom("quiet"));
  sys_ = std::make_unique<caf::actor_system>(sys_cfg_);
  auto err = start();
  REQUIRE_MESSAGE(!err, describe(err));
}

job_tester::~job_tester() {
  stop();
}

void job_tester::stop() {
  if (!job_)
    return;
  jobs_.remove(job_->name());
  job_->stop();
  job_.reset();
}

caf::error job_tester::start() {
  cfg_ = settings::defaults(catalog_keys());
  overrides base{{"generator.enabled", "false"},
                 {"partitions", "4"},
                 {"state.dir", dir_.path() + "/state"},
                 {"output.dir", dir_.path() + "/out"},
                 {"restart.delay.ms", "10"},
                 {"query.results.sink", "none"},
                 {"alert.sink", "none"},
                 {"savepoint.dir", dir_.path() + "/savepoints"}};
  for (auto& kv : extra_)
    base.push_back(kv);
  for (auto& [key, value] : base)
    if (auto err = cfg_.set(key, value, "test"))
      return err;
  // What the settings configure (files, Kafka topics), plus collecting
  // writers the test polls.
  auto configured = configured_outputs(cfg_);
  if (!configured)
    return configured.error();
  auto& out = *configured;
  out.transaction_results.emplace_back(
      "test", std::make_unique<collecting_writer<transaction_result>>(
                  transaction_results));
  out.query_results.emplace_back(
      "test", std::make_unique<collecting_writer<query_result>>(query_results));
  out.alerts.emplace_back(
      "test", std::make_unique<collecting_writer<transaction_summary>>(alerts));
  out.dead_letters.emplace_back(
      "test", std::make_unique<collecting_writer<dead_letter>>(dead_letters));
  auto job = inventory_job::start(*sys_, cfg_, std::move(out));
  if (!job)
    return job.error();
  job_ = std::move(*job);
  // The set does not own the job: the tester stops and restarts it.
  jobs_.add(
      std::shared_ptr<eddy::job>{std::shared_ptr<eddy::job>{}, job_.get()});
  await_serving();
  return {};
}

void job_tester::await_serving() {
  // A partition serves reads once it has replayed what its sources had to
  // replay; a test reading before that would race the start-up.
  auto serves = [this] {
    for (auto& partition : job_->status().partitions)
      if (partition.state != run_state::running)
        return false;
    return true;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!serves() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  REQUIRE_MESSAGE(serves(), "the job's partitions did not start serving");
}

void job_tester::restart() {
  auto err = try_restart(extra_);
  REQUIRE_MESSAGE(!err, describe(err));
}

caf::error job_tester::try_restart(overrides extra) {
  stop();
  extra_ = std::move(extra);
  return start();
}

caf::expected<item_info> job_tester::read_stock(const std::string& item_id) {
  return job_->stock(item_id);
}

} // namespace eddy::test
