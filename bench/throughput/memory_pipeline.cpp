// Wires generator -> ingress -> supervised partitions -> counting sink as
// the inventory job does, with its defaults (4 partitions, 128 key groups,
// batches of 512, 2 scheduler threads), and measures the sink's rate.
#include "bench/throughput/memory_pipeline.hpp"

#include <atomic>
#include <memory>
#include <thread>

#include "apps/eddy/job_catalog.hpp"
#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/ingress.hpp"
#include "actors/partition.hpp"
#include "actors/state_store.hpp"
#include "actors/store_writer.hpp"
#include "actors/supervisor.hpp"
#include "apps/inventory/stock_process.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/throughput/map_loop.hpp"
#include "config/settings.hpp"
#include "connectors/generator.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using partition_t = partition_handle<stock_logic>;
using started_t = started_partition<partition_t, partition_state<stock_logic>>;
using sink_t = consumer_actor<inventory_output>;

sink_t::behavior_type counting_sink(sink_t::pointer,
                                    std::shared_ptr<std::atomic<uint64_t>> n) {
  return {
      [n](output_batch<inventory_output>& in) {
        n->fetch_add(in.records.size(), std::memory_order_relaxed);
        return uint64_t{in.records.size()};
      },
      [](flush_atom) { return uint64_t{0}; },
      [](checkpoint_atom, int64_t, int32_t) { return uint64_t{0}; },
      [](commit_atom, int64_t, bool) {},
  };
}

/// The job's defaults for what the pipeline shares with it.
struct pipeline_shape {
  key_groups groups{128, 4};
  size_t max_batch = 512;
  size_t credit = 4;
  size_t threads = 2;

  static pipeline_shape from_defaults() {
    auto cfg = settings::defaults(catalog_keys());
    auto u32 = [&](const char* key) {
      return static_cast<uint32_t>(cfg.get_int(key));
    };
    return {key_groups{u32("key.groups"), u32("partitions")},
            static_cast<size_t>(cfg.get_int("batch.size")),
            static_cast<size_t>(cfg.get_int("batch.credit")),
            static_cast<size_t>(cfg.get_int("scheduler.threads"))};
  }
};

std::vector<metric> run_once(const throughput_options& opts,
                             std::shared_ptr<const transaction_table> table,
                             const std::string& dir) {
  auto shape = pipeline_shape::from_defaults();
  caf::actor_system_config sys_cfg;
  sys_cfg.set("scheduler.max-threads", shape.threads);
  sys_cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system sys{sys_cfg};
  // Partitions restore from a store; this one stays empty.
  auto store = state_store::open(dir, {"inventory"});
  if (!store)
    throw bench_failure{describe(store.error())};
  auto count = std::make_shared<std::atomic<uint64_t>>(0);
  auto sink = sys.spawn(counting_sink, count);
  auto directory = std::make_shared<partition_directory_of<stock_logic>>(
      "memory", shape.groups.partitions());
  ingress_options in_opts;
  in_opts.max_batch = shape.max_batch;
  in_opts.credit = shape.credit;
  in_opts.keep_until_checkpoint = false;
  auto ingress =
      sys.spawn(eddy::ingress<stock_logic>, shape.groups, directory, in_opts,
                ingress_routing<inventory_input>{item_of, {}});
  auto writer = spawn_store_writer(sys, *store);
  auto spawn_partition = [&sys, shape, store = *store, writer, directory,
                          sink](int32_t p) -> caf::expected<started_t> {
    partition_config<stock_logic> pc;
    pc.id = p;
    pc.groups = shape.groups;
    pc.store = store;
    pc.family = "inventory";
    pc.store_writer = writer;
    pc.directory = directory;
    pc.downstream.push_back(make_link<inventory_output>(sink));
    auto core = restore_partition(pc, make_stock_logic());
    if (!core)
      return core.error();
    auto handle = sys.spawn(partition<stock_logic>, std::move(pc), *core);
    return started_t{handle, std::move(*core)};
  };
  auto supervisor = sys.spawn(
      eddy::supervisor<partition_t, partition_state<stock_logic>>,
      std::function<caf::expected<started_t>(int32_t)>{spawn_partition},
      directory,
      restart_listeners{{}, {caf::actor_cast<restart_listener_actor>(ingress)}},
      restart_policy{});
  generator_options gen_opts;
  gen_opts.rate = 0;
  gen_opts.max_batch = shape.max_batch;
  auto generator = sys.spawn(
      eddy::generator<inventory_input, inventory_output>, ingress,
      record_maker<inventory_input>{
          [table](offset_t i, int64_t, emitter<inventory_input>& out) {
            out.emit(inventory_input{table->at(i)});
          }},
      gen_opts);
  wait_until([&] { return *count >= table->items(); }, "every item was primed");
  std::this_thread::sleep_for(warm_up_time);
  auto before = count->load();
  auto cpu_before = process_cpu_seconds();
  stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto counted = count->load() - before;
  auto seconds = clock.elapsed_ms() / 1000;
  auto cpu_seconds = process_cpu_seconds() - cpu_before;
  caf::scoped_actor self{sys};
  self->request(generator, caf::infinite, stop_atom::value)
      .receive([](offset_t) {}, [](caf::error&) {});
  for (auto& actor :
       {caf::actor_cast<caf::actor>(generator),
        caf::actor_cast<caf::actor>(supervisor),
        caf::actor_cast<caf::actor>(ingress), caf::actor_cast<caf::actor>(sink),
        caf::actor_cast<caf::actor>(writer)})
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  return {{"rate", static_cast<double>(counted) / seconds, unit::per_second},
          {"per CPU second", static_cast<double>(counted) / cpu_seconds,
           unit::per_second},
          {"cores busy %", cpu_seconds / seconds * 100, unit::count}};
}

} // namespace

figure_result measure_memory_pipeline(const throughput_options& opts,
                                      const transaction_table& table,
                                      const std::string& dir) {
  figure_result result{"keyed validation in memory", table.items(), ">= 11M/s"};
  result.baseline = map_loop_figure;
  // The generator's function outlives this call only inside run_once.
  auto shared = std::shared_ptr<const transaction_table>(
      &table, [](const transaction_table*) {});
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(
        run_once(opts, shared, dir + "/memory-" + std::to_string(run)));
    progress("in-memory pipeline run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
