// Starts the inventory's pipeline and answers its routes and tests.
#include "apps/inventory/inventory_job.hpp"

#include <nlohmann/json.hpp>

#include "apps/inventory/inventory_figures.hpp"
#include "apps/inventory/inventory_options.hpp"
#include "apps/inventory/inventory_pipeline.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"
#include "runtime/engine_options.hpp"

namespace eddy {

caf::expected<std::unique_ptr<inventory_job>>
inventory_job::start(caf::actor_system& sys, const settings& cfg,
                     inventory_outputs out) {
  auto opts = read_inventory_options(cfg);
  auto tallies = std::make_shared<inventory_tallies>();
  auto plan = inventory_plan(opts, tallies);
  if (!plan)
    return plan.error();
  auto engine = read_engine_options(
      cfg, "inventory",
      {.kafka = opts.kafka.enabled, .mqtt = opts.mqtt.enabled});
  auto running =
      std::move(*plan).start(sys, std::move(engine), std::move(out).by_name());
  if (!running)
    return running.error();
  (*running)->set_figures([tallies] { return inventory_figures(*tallies); });
  return std::unique_ptr<inventory_job>{new inventory_job(std::move(*running))};
}

inventory_job::inventory_job(std::unique_ptr<pipeline_job> running)
    : job_(std::move(running)),
      http_(job_->request_port_of<inventory_input, inventory_output>("http")),
      manual_(job_->manual_port_of<inventory_input>("manual")) {}

inventory_job::~inventory_job() {
  stop();
}

void inventory_job::send(std::vector<item_transaction> txs) {
  std::vector<inventory_input> records(std::make_move_iterator(txs.begin()),
                                       std::make_move_iterator(txs.end()));
  if (auto err = manual_->send("transactions", std::move(records)))
    log::error(name(), "source/manual", "cannot feed: " + describe(err));
}

void inventory_job::send(std::vector<query> queries) {
  std::vector<inventory_input> records(std::make_move_iterator(queries.begin()),
                                       std::make_move_iterator(queries.end()));
  if (auto err = manual_->send("queries", std::move(records)))
    log::error(name(), "source/manual", "cannot feed: " + describe(err));
}

void inventory_job::crash_partition(int32_t p) {
  fault_request fault;
  fault.job = name();
  fault.target = p;
  inject_fault(fault, [](caf::expected<std::string>) {});
}

checkpoint_status inventory_job::checkpoint_now() {
  return job_->checkpoint_now();
}

caf::expected<position_map> inventory_job::applied_positions(int32_t p) const {
  return job_->applied_positions(p);
}

int32_t inventory_job::partition_of(std::string_view item_id) const {
  return job_->partition_of(item_id);
}

const std::string& inventory_job::name() const {
  return job_->name();
}

job_graph inventory_job::graph() const {
  return job_->graph();
}

job_status inventory_job::status() const {
  return job_->status();
}

void inventory_job::checkpoint(callback<checkpoint_status> done) {
  job_->checkpoint(std::move(done));
}

void inventory_job::savepoint(callback<std::string> done) {
  job_->savepoint(std::move(done));
}

void inventory_job::inject_fault(fault_request fault,
                                 callback<std::string> done) {
  job_->inject_fault(std::move(fault), std::move(done));
}

caf::expected<nlohmann::json> inventory_job::state_of(std::string_view key) {
  return job_->state_of(key);
}

void inventory_job::stop() {
  job_->stop();
}

caf::expected<item_info> inventory_job::stock(std::string_view item_id) {
  auto quantity = job_->value_of<int64_t>(item_id);
  if (!quantity)
    return quantity.error();
  if (!*quantity)
    return make_error(ec::unknown_key,
                      "item '" + std::string{item_id} + "' was never seen");
  return item_info{std::string{item_id}, **quantity};
}

void inventory_job::submit(item_transaction tx,
                           callback<transaction_result> done) {
  // A client may retry a POST (after a timeout, or a 503 that was applied
  // after all): the stock answers a repeat with the first result.
  tx.may_be_repeated = true;
  http_->submit(
      inventory_input{std::move(tx)},
      [done = std::move(done)](
          caf::expected<std::vector<inventory_output>> outputs) {
        if (!outputs)
          return done(outputs.error());
        for (auto& out : *outputs)
          if (auto* res = std::get_if<transaction_result>(&out))
            return done(std::move(*res));
        done(make_error(ec::unavailable,
                        "the transaction was applied before its partition "
                        "restarted; its result is not known"));
      });
}

} // namespace eddy
