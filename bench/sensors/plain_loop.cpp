// The sensor rollup as a plain loop: decode, key by device, aggregate.
#include "bench/sensors/plain_loop.hpp"

#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/timed_loop.hpp"
#include "bench/sensors/device_windows.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

std::vector<metric> run_once(const sensor_bench_options& opts,
                             const sensors::options& job,
                             const reading_table& table) {
  device_windows windows{job, decoder_for(table.format())};
  uint64_t malformed = 0;
  auto rate = records_per_second(opts.measure_time, [&](uint64_t i) {
    malformed += windows.add(table.at(i)) ? 0 : 1;
  });
  if (malformed > 0)
    throw bench_failure{"the plain loop found " + with_commas(malformed) +
                        " generated readings malformed"};
  return {
      {"records/s", rate, unit::per_second},
      {name_of(table.format()), rate * table.mean_bytes(),
       unit::bytes_per_second},
      {"devices in map", static_cast<double>(windows.devices()), unit::count}};
}

} // namespace

std::string plain_loop_figure(sensors::input_format format) {
  return "plain loop, " + name_of(format) + " (baseline)";
}

sensors::decoder decoder_for(sensors::input_format format) {
  auto decode = sensors::decoder_of(format);
  if (!decode)
    throw bench_failure{describe(decode.error())};
  return std::move(*decode);
}

figure_result measure_plain_loop(const sensor_bench_options& opts,
                                 const sensors::options& job,
                                 const reading_table& table) {
  figure_result result{plain_loop_figure(table.format()), table.size(), "-"};
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(opts, job, table));
    progress(result.name + " run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
