// Stock validation in a plain loop: accept iff stock + quantity >= 0.
#include "bench/throughput/map_loop.hpp"

#include <string>
#include <unordered_map>

#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"

namespace eddy::bench {

namespace {

/// Transactions between two looks at the clock.
constexpr uint64_t chunk = 1 << 16;

using stock_map = std::unordered_map<std::string, int64_t>;

bool validate(stock_map& stock, const item_transaction& tx) {
  auto& value = stock[tx.item_id];
  auto next = value + tx.quantity;
  if (next < 0)
    return false;
  value = next;
  return true;
}

std::vector<metric> run_once(const throughput_options& opts,
                             const transaction_table& table) {
  stock_map stock;
  for (uint64_t i = 0; i < table.items(); ++i)
    validate(stock, table.at(static_cast<offset_t>(i)));
  uint64_t applied = 0;
  uint64_t accepted = 0;
  auto limit_ms = static_cast<double>(opts.measure_time.count()) * 1000;
  stopwatch clock;
  while (clock.elapsed_ms() < limit_ms) {
    for (uint64_t i = 0; i < chunk; ++i)
      accepted += validate(stock, table.generated(applied + i));
    applied += chunk;
  }
  auto rate = static_cast<double>(applied) / (clock.elapsed_ms() / 1000);
  return {{"rate", rate, unit::per_second},
          {"accepted",
           static_cast<double>(accepted) * 100 / static_cast<double>(applied),
           unit::count},
          {"items in map", static_cast<double>(stock.size()), unit::count}};
}

} // namespace

figure_result measure_map_loop(const throughput_options& opts,
                               const transaction_table& table) {
  figure_result result{map_loop_figure, table.items(), "-"};
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(opts, table));
    progress("map loop run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
