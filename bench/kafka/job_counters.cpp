// Reads the counters out of /v1/jobs.
#include "bench/kafka/job_counters.hpp"

#include "bench/common/bench_failure.hpp"
#include "bench/common/http_probe.hpp"

namespace eddy::bench {

std::optional<nlohmann::json> first_job(uint16_t port) {
  auto answer = http_get(port, "/v1/jobs");
  if (answer.status != 200)
    return std::nullopt;
  auto body = nlohmann::json::parse(answer.body, nullptr, false);
  if (body.is_discarded() || !body.contains("jobs") || body["jobs"].empty())
    return std::nullopt;
  return std::move(body["jobs"][0]);
}

job_counters read_job_counters(uint16_t port,
                               const std::string& results_topic) {
  job_counters counters;
  auto found = first_job(port);
  if (!found)
    return counters;
  auto& job = *found;
  if (job.value("state", "") == "failed")
    throw bench_failure{"the eddy job failed: " + job.value("failure", "")};
  for (auto& source : job["sources"])
    if (source.value("state", "") == "failed")
      throw bench_failure{"eddy's " + source.value("name", "") +
                          " source failed (see eddy's log)"};
  counters.answered = true;
  for (auto& part : job["partitions"])
    counters.applied += part.value("recordsProcessed", uint64_t{0});
  for (auto& window : job["windows"])
    counters.late += window.value("lateRecords", uint64_t{0});
  if (results_topic.empty())
    return counters;
  // Sinks are named "transaction results to kafka TOPIC".
  auto sink_suffix = "kafka " + results_topic;
  for (auto& sink : job["sinks"])
    if (sink.value("name", "").ends_with(sink_suffix))
      counters.results_written += sink.value("written", uint64_t{0});
  return counters;
}

} // namespace eddy::bench
