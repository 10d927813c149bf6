// The IPDR rollup as a plain loop: parse, keep "data", key, sum.
#include "bench/ipdr/plain_loop.hpp"

#include <charconv>
#include <unordered_map>

#include "apps/ipdr/local_time.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/timed_loop.hpp"

namespace eddy::bench {

namespace {

/// What the job's window keeps per key: the sum and the first host.
struct hourly_usage {
  int64_t octets = 0;
  std::string host;
};

class usage_rollup {
public:
  explicit usage_rollup(ipdr::local_time_zone zone) : zone_(std::move(zone)) {}

  /// Adds one IPDR's octets to its mac|hour if its service is "data";
  /// false if it is malformed.
  bool add(simdjson::padded_string_view json) {
    simdjson::dom::object obj;
    std::string_view mac;
    std::string_view scn;
    int64_t octets = 0;
    std::string_view from;
    if (parser_.parse(json).get(obj) || obj["cmMacAddr"].get(mac) ||
        obj["dsScn"].get(scn) || obj["dsOctets"].get(octets) ||
        obj["fromTime"].get(from) || octets < 0)
      return false;
    std::string_view host;
    auto found_host = obj["cmtsHostName"];
    if (found_host.error() != simdjson::NO_SUCH_FIELD &&
        found_host.get(host) != simdjson::SUCCESS)
      return false;
    if (scn != "data")
      return true;
    auto time = zone_.read(from);
    if (!time)
      return false;
    add_usage(mac, time->hour, octets, host);
    return true;
  }

  size_t keys() const noexcept { return usage_.size(); }

private:
  void add_usage(std::string_view mac, int32_t hour, int64_t octets,
                 std::string_view host) {
    char digits[4];
    auto end = std::to_chars(digits, digits + sizeof digits, hour).ptr;
    key_.assign(mac).append(1, '|').append(digits, end);
    auto [at, is_new] = usage_.try_emplace(key_);
    if (is_new)
      at->second.host = host;
    at->second.octets += octets;
  }

  simdjson::dom::parser parser_;
  ipdr::local_time_zone zone_;
  std::unordered_map<std::string, hourly_usage> usage_;
  std::string key_; // reused: no allocation per record for a known key
};

std::vector<metric> run_once(const ipdr_bench_options& opts,
                             const ipdr_table& table,
                             const ipdr::local_time_zone& utc) {
  usage_rollup rollup{utc};
  uint64_t malformed = 0;
  auto rate = records_per_second(opts.measure_time, [&](uint64_t i) {
    malformed += rollup.add(table.padded_at(i)) ? 0 : 1;
  });
  if (malformed > 0)
    throw bench_failure{"the plain loop found " + with_commas(malformed) +
                        " generated IPDRs malformed"};
  return {{"records/s", rate, unit::per_second},
          {"JSON", rate * table.mean_bytes(), unit::bytes_per_second},
          {"keys in map", static_cast<double>(rollup.keys()), unit::count}};
}

} // namespace

figure_result measure_plain_loop(const ipdr_bench_options& opts,
                                 const ipdr_table& table) {
  auto utc = ipdr::local_time_zone::load("UTC");
  if (!utc)
    throw bench_failure{"cannot load the zone UTC"};
  figure_result result{plain_loop_figure, table.size(), "-"};
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(opts, table, *utc));
    progress("plain loop run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
