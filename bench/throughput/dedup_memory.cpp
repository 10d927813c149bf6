// Both measurements read VmRSS (process_memory.hpp) before and after, in
// this process, with what earlier runs freed trimmed back to the system
// first.
#include "bench/throughput/dedup_memory.hpp"

#include <malloc.h>

#include <string>
#include <unordered_map>

#include "actors/partition_state.hpp"
#include "apps/inventory/stock_process.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/process_memory.hpp"
#include "bench/common/progress.hpp"

namespace eddy::bench {

namespace {

constexpr const char* family = "inventory";
constexpr uint64_t checkpoint_every = 1'000'000;
constexpr uint64_t batch_size = 10'000;

uint64_t ids_of(const throughput_options& opts) {
  return opts.quick ? quick_dedup_ids : dedup_ids;
}

std::string item_of_id(const throughput_options& opts, uint64_t id) {
  return "item_" + std::to_string(id % opts.items);
}

double per_id(double grown, uint64_t ids) {
  return grown / static_cast<double>(ids);
}

std::vector<metric> run_partition(const throughput_options& opts,
                                  const std::string& dir) {
  auto store = state_store::open(dir, {family});
  if (!store)
    throw bench_failure{"cannot open the state store: " +
                        describe(store.error())};
  malloc_trim(0);
  auto before = resident_bytes();
  partition_state<stock_logic> part{0, key_groups{128, 1}, *store, family,
                                    make_stock_logic()};
  auto ids = ids_of(opts);
  std::vector<inventory_output> out;
  for (uint64_t first = 0; first < ids; first += batch_size) {
    batch<inventory_input> in{{"http", 0}, {}, false};
    for (auto id = first; id < first + batch_size && id < ids; ++id) {
      item_transaction tx{static_cast<int64_t>(id), 0, item_of_id(opts, id), 1,
                          true};
      in.records.push_back({static_cast<offset_t>(id), std::move(tx)});
    }
    out.clear();
    part.apply(in, out, 1000);
    if ((first + batch_size) % checkpoint_every == 0) {
      auto snap = part.take_snapshot(static_cast<int64_t>(first));
      if (auto ok = (*store)->write(snap.writes); !ok)
        throw bench_failure{"checkpoint failed: " + describe(ok.error())};
      progress("  " + with_commas(first + batch_size) + " ids remembered");
    }
  }
  auto grown = resident_bytes() - before;
  return {{"per id", per_id(grown, ids), unit::bytes},
          {"resident growth", grown, unit::bytes}};
}

std::vector<metric> run_baseline(const throughput_options& opts) {
  malloc_trim(0);
  auto before = resident_bytes();
  auto ids = ids_of(opts);
  double grown = 0;
  {
    std::unordered_map<std::string, transaction_outcome> seen;
    for (uint64_t id = 0; id < ids; ++id)
      seen.emplace(item_of_id(opts, id) + '/' + std::to_string(id),
                   transaction_outcome{1, true});
    grown = resident_bytes() - before;
  }
  malloc_trim(0);
  return {{"per id", per_id(grown, ids), unit::bytes},
          {"resident growth", grown, unit::bytes}};
}

} // namespace

std::vector<figure_result> measure_dedup_memory(const throughput_options& opts,
                                                const std::string& dir) {
  auto ids = ids_of(opts);
  figure_result baseline{"remembered transaction id, std::unordered_map", ids,
                         ""};
  figure_result eddy{"remembered transaction id, stock partition",
                     ids,
                     "bounded by the dedup window",
                     {},
                     baseline.name};
  for (int run = 0; run < opts.repeat; ++run) {
    eddy.runs.push_back(
        run_partition(opts, dir + "/run" + std::to_string(run)));
    progress("dedup memory run " + std::to_string(run + 1) + ": " +
             format(eddy.runs.back()[0].value, unit::bytes) + " per id");
    baseline.runs.push_back(run_baseline(opts));
    progress("  baseline: " +
             format(baseline.runs.back()[0].value, unit::bytes) + " per id");
  }
  return {baseline, eddy};
}

} // namespace eddy::bench
