// The Flink test harness / Kafka Streams TopologyTestDriver for Eddy: runs a
// job's pipeline in a private actor system and state directory, feeds its
// manual source by hand and collects its named outputs, so a test controls
// event order (and event time) and checks what came out.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "apps/eddy/job_catalog.hpp"
#include "config/settings.hpp"
#include "messages/dead_letter.hpp"
#include "messages/error.hpp"
#include "runtime/engine_options.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/pipeline_job.hpp"
#include "tests/support/collecting_writer.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

class pipeline_tester {
public:
  using overrides = std::vector<std::pair<std::string, std::string>>;
  using plan_factory = std::function<caf::expected<job_plan>()>;

  /// `make` describes the job (called again for each start). Settings: the
  /// defaults with 4 partitions, checkpoints only when a test asks, and
  /// `extra`.
  explicit pipeline_tester(plan_factory make, overrides extra = {})
      : make_(std::move(make)) {
    sys_cfg_.set("scheduler.max-threads", size_t{2});
    sys_cfg_.set("logger.verbosity", caf::atom("quiet"));
    sys_ = std::make_unique<caf::actor_system>(sys_cfg_);
    overrides base{{"partitions", "4"},
                   {"state.dir", dir_.path() + "/state"},
                   {"savepoint.dir", dir_.path() + "/savepoints"},
                   {"checkpoint.interval.ms", "1h"},
                   {"restart.delay.ms", "10"}};
    for (auto& kv : extra)
      base.push_back(kv);
    for (auto& [key, value] : base)
      REQUIRE_FALSE(cfg_.set(key, value, "test"));
  }

  ~pipeline_tester() { stop(); }

  /// Which records of an output a test sees: as the sink writes them, or
  /// once a checkpoint committed them (a transactional, exactly-once output).
  enum class seen { written, committed };

  /// The records of output `name`, collected from the next start on (call
  /// before start()).
  template <class T>
  std::shared_ptr<collected<T>> collect(const std::string& name,
                                        seen when = seen::written) {
    auto into = std::make_shared<collected<T>>();
    binders_.push_back([name, into, when](output_writers& writers) {
      std::unique_ptr<record_writer<T>> writer;
      if (when == seen::committed)
        writer = std::make_unique<committing_writer<T>>(into);
      else
        writer = std::make_unique<collecting_writer<T>>(into);
      writers.add<T>(name, "test", std::move(writer));
    });
    return into;
  }

  /// Writes output `name` through the writer `make` gives at each start,
  /// called `writer` in the status (call before start()).
  template <class T>
  void write_through(const std::string& name, std::string writer,
                     std::function<std::unique_ptr<record_writer<T>>()> make) {
    binders_.push_back([name, writer, make](output_writers& writers) {
      writers.add<T>(name, writer, make());
    });
  }

  /// Starts the job; fails the test if it cannot.
  void start() {
    auto err = try_start();
    REQUIRE_MESSAGE(!err, describe(err));
  }

  caf::error try_start() {
    auto plan = make_();
    if (!plan)
      return plan.error();
    output_writers writers;
    for (auto& bind : binders_)
      bind(writers);
    auto running = std::move(*plan).start(
        *sys_, read_engine_options(cfg_, "test", {}), std::move(writers));
    if (!running)
      return running.error();
    job_ = std::move(*running);
    return {};
  }

  /// Stops the job cleanly (idempotent).
  void stop() {
    if (job_)
      job_->stop();
    job_.reset();
  }

  /// Stops and starts again on the same state.
  void restart() {
    stop();
    start();
  }

  pipeline_job& job() { return *job_; }

  /// Feeds `records` (of the type the manual source `source` was declared
  /// with) into its input partition `partition`.
  template <class R>
  void send(const std::string& partition, std::vector<R> records,
            const std::string& source = "manual") {
    auto port = job_->manual_port_of<R>(source);
    REQUIRE_MESSAGE(port, "the job has no manual source of these types");
    auto err = port->send(partition, std::move(records));
    REQUIRE_MESSAGE(!err, describe(err));
  }

  /// Takes a checkpoint; fails the test if it does not complete.
  void checkpoint() {
    auto cp = job_->checkpoint_now();
    REQUIRE_MESSAGE(cp.outcome == checkpoint_outcome::completed, cp.reason);
  }

private:
  temp_dir dir_;
  caf::actor_system_config sys_cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  settings cfg_ = settings::defaults(catalog_keys());
  plan_factory make_;
  std::vector<std::function<void(output_writers&)>> binders_;
  std::unique_ptr<pipeline_job> job_;
};

} // namespace eddy::test
