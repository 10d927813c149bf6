// The eddy program reports how fast each actor goes on /v1/jobs: rates
// over the last second and the last ten, sampled once a second.
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The 1 s rates of every partition, by actor name, from GET /v1/jobs.
std::map<std::string, double> partition_rates(uint16_t port) {
  test::http_client client{"127.0.0.1", port};
  auto jobs = json::parse(client.get("/v1/jobs").body);
  std::map<std::string, double> rates;
  for (auto& rate : jobs["jobs"][0]["rates"])
    if (rate["actor"].get<std::string>().starts_with("partition/"))
      rates[rate["actor"]] = rate["perSecond1s"];
  return rates;
}

} // namespace

TEST_CASE("/v1/jobs reports each partition's rate while the generator runs") {
  test::temp_dir dir;
  test::eddy_process eddy{
      dir.path(), {{"generator.enabled", "true"}, {"generator.rate", "20000"}}};
  std::map<std::string, double> rates;
  for (int i = 0; i < 100 && rates.size() < 4; ++i) {
    std::this_thread::sleep_for(100ms);
    rates = partition_rates(eddy.port());
  }
  REQUIRE(rates.size() == 4);
  // 20,000 records a second over 4 partitions, skewed by item; a busy
  // machine (sanitizers, tests beside it) may slow the generator.
  double sum = 0;
  for (auto& [actor, rate] : rates)
    sum += rate;
  CHECK(sum > 5000);
  CHECK(sum < 30000);
}
