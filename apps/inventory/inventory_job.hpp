// The inventory job (seed 002) running: the pipeline of inventory_pipeline
// started with the settings' sources and outputs. It is also the
// inventory_service its HTTP routes call, and gives tests the seed's
// ManualSource.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "apps/inventory/inventory_outputs.hpp"
#include "apps/inventory/inventory_service.hpp"
#include "apps/inventory/stock_process.hpp"
#include "config/settings.hpp"
#include "messages/inventory_records.hpp"
#include "messages/stream.hpp"
#include "runtime/job.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy {

class inventory_job final : public job, public inventory_service {
public:
  /// Opens the state in state.dir/inventory, restores every partition and
  /// starts the sources the settings enable. Fails (naming the cause) when
  /// the store cannot be opened or was written with another
  /// partitions/key.groups.
  [[nodiscard]] static caf::expected<std::unique_ptr<inventory_job>>
  start(caf::actor_system& sys, const settings& cfg, inventory_outputs out);

  ~inventory_job() override;

  /// Feeds records as the seed's ManualSource does; blocks until the job
  /// has taken them (not until they are applied).
  void send(std::vector<item_transaction> txs);
  void send(std::vector<query> queries);

  /// Crashes partition `p` (fault injection); its supervisor restarts it.
  void crash_partition(int32_t p);

  /// Takes a checkpoint now and waits for it: completed, or failed with
  /// the reason.
  checkpoint_status checkpoint_now();

  /// Per source partition, the offset up to which partition `p` has applied
  /// records: what it restored from the store plus what it applied since.
  /// Fails while `p` is not running, or if it does not answer within
  /// http.request.timeout.ms.
  [[nodiscard]] caf::expected<position_map> applied_positions(int32_t p) const;

  /// Which partition owns `item_id`.
  int32_t partition_of(std::string_view item_id) const;

  // -- job --------------------------------------------------------------------

  const std::string& name() const override;
  job_graph graph() const override;
  /// The job's status now (as on /v1/jobs), with its actors' rates.
  job_status status() const override;
  void checkpoint(callback<checkpoint_status> done) override;
  void savepoint(callback<std::string> done) override;
  void inject_fault(fault_request fault, callback<std::string> done) override;
  caf::expected<nlohmann::json> state_of(std::string_view key) override;
  /// Stops the sources, waits until what they produced is applied, flushes
  /// the sinks and stops every actor of the job. Idempotent.
  void stop() override;

  // -- inventory_service ------------------------------------------------------

  caf::expected<item_info> stock(std::string_view item_id) override;
  void submit(item_transaction tx, callback<transaction_result> done) override;

private:
  explicit inventory_job(std::unique_ptr<pipeline_job> running);

  std::unique_ptr<pipeline_job> job_;
  std::shared_ptr<request_port<inventory_input, inventory_output>> http_;
  std::optional<manual_port<inventory_input>> manual_;
};

} // namespace eddy
