// The IPDR rollup's expected results, computed apart from the job (with
// nlohmann, not the job's parser), and what a run wrote: usage summed per
// `mac|hour` from IPDRs, from the output topic and from the finished part
// files.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace eddy::test {

/// Usage per `mac|hourUsage`.
using usage_sums = std::map<std::string, int64_t>;

/// `count` IPDRs of the seed's generator (seed 7), over `macs` modems, as
/// of the wall clock `now_ms`, as JSON.
std::vector<std::string> generated_ipdrs(int64_t count, int64_t macs,
                                         int64_t now_ms);

/// The usage of the `data` IPDRs among `ipdrs` (UTC hours).
usage_sums expected_usage(const std::vector<std::string>& ipdrs);

/// How many of `ipdrs` are of the `data` service.
int64_t data_records(const std::vector<std::string>& ipdrs);

/// Writes `ipdrs` to `topic`, keyed by their number as the seed's producer.
void produce_ipdrs(const std::string& bootstrap, const std::string& topic,
                   const std::vector<std::string>& ipdrs, int64_t first = 0);

/// The usage records committed to `topic`, summed (a record of a key can
/// come from several windows).
usage_sums usage_in_topic(const std::string& bootstrap,
                          const std::string& topic);

/// The usage records in the finished part files of `dir` (its visible
/// files), summed; fails the test on a line that is not a usage record.
usage_sums usage_in_files(const std::string& dir);

/// The first few keys where `got` differs from `expected`, for a failure
/// message: "MACADDR3|14: expected 808697, got 0; ...".
std::string first_differences(const usage_sums& expected,
                              const usage_sums& got);

/// The usage records of one output (`read()`: the topic or the files),
/// read again until they sum to `expected` or `timeout` passes; the last
/// sums read.
template <class Read>
usage_sums
wait_for_usage(Read read, const usage_sums& expected,
               std::chrono::seconds timeout = std::chrono::seconds{60}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  usage_sums got;
  while (std::chrono::steady_clock::now() < deadline) {
    got = read();
    if (got == expected)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{500});
  }
  return got;
}

} // namespace eddy::test
