// The seed's JobTester for Eddy: runs the inventory job in a private actor
// system and state directory, with the generator off, collecting every
// output so a test controls event order and checks what came out.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "apps/eddy/job_catalog.hpp"
#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "apps/inventory/inventory_job.hpp"
#include "runtime/job_set.hpp"
#include "tests/support/collecting_writer.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

class job_tester {
public:
  using overrides = std::vector<std::pair<std::string, std::string>>;

  /// Starts the job with the test defaults (generator off, 4 partitions,
  /// outputs collected) plus `extra` settings. Fails the test if the job
  /// cannot start.
  explicit job_tester(overrides extra = {});

  ~job_tester();

  inventory_job& job() { return *job_; }

  /// The job as the HTTP front sees it, among the jobs of a process.
  job_set& jobs() { return jobs_; }

  /// Stops the job cleanly and starts it again on the same state and
  /// settings.
  void restart();

  /// The stock of `item_id` as the HTTP front would read it, waiting for
  /// the answer.
  caf::expected<item_info> read_stock(const std::string& item_id);

  /// Stops the job (idempotent).
  void stop();

  /// Starts the job again with other settings on the same state; returns
  /// the start-up error, if any.
  caf::error try_restart(overrides extra);

  /// The RocksDB directory of the job's state (in state.dir, one directory
  /// per job).
  std::string state_dir() const { return dir_.path() + "/state/inventory"; }

  std::shared_ptr<collected<transaction_result>> transaction_results =
      std::make_shared<collected<transaction_result>>();
  std::shared_ptr<collected<query_result>> query_results =
      std::make_shared<collected<query_result>>();
  std::shared_ptr<collected<transaction_summary>> alerts =
      std::make_shared<collected<transaction_summary>>();
  std::shared_ptr<collected<dead_letter>> dead_letters =
      std::make_shared<collected<dead_letter>>();

  /// The settings the job runs with.
  const settings& config() const { return cfg_; }

private:
  caf::error start();

  /// Waits until every partition serves reads.
  void await_serving();

  temp_dir dir_;
  caf::actor_system_config sys_cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  overrides extra_;
  settings cfg_ = settings::defaults(catalog_keys());
  std::unique_ptr<inventory_job> job_;
  job_set jobs_;
};

/// The inventory in event time with one-second summary windows that alert
/// from three failures in four (the seed's SummaryAlertingCondition with
/// small thresholds): settings for job_tester.
inline const job_tester::overrides event_time_alerts{
    {"window.time", "event"},
    {"window.size.ms", "1000"},
    {"window.out_of_orderness.ms", "0"},
    {"transaction.num.min", "2"},
    {"transaction.failure.rate.min", "0.5"}};

} // namespace eddy::test
