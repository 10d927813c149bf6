// Reads recordsProcessed from /v1/jobs.
#include "bench/http/jobs_report.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "bench/common/bench_failure.hpp"
#include "bench/common/http_probe.hpp"

namespace eddy::bench::http {

namespace {

/// /v1/jobs may queue behind wrk's 64 connections on eddy's I/O thread.
constexpr std::chrono::milliseconds jobs_timeout{10'000};

} // namespace

uint64_t records_processed(uint16_t port) {
  auto answer = http_get(port, "/v1/jobs", jobs_timeout);
  if (answer.status != 200)
    throw bench_failure{"GET /v1/jobs answered " +
                        std::to_string(answer.status) + " (0: nothing)"};
  auto report = nlohmann::json::parse(answer.body, nullptr, false);
  if (report.is_discarded() || !report.contains("jobs") ||
      !report["jobs"].is_array())
    throw bench_failure{"GET /v1/jobs answered no list of jobs: " +
                        answer.body};
  uint64_t sum = 0;
  for (auto& job : report["jobs"])
    for (auto& partition : job.value("partitions", nlohmann::json::array()))
      sum += partition.value("recordsProcessed", uint64_t{0});
  return sum;
}

} // namespace eddy::bench::http
