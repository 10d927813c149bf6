// Computes the telemetry job's expected outputs with nlohmann, apart from
// the job's own parser and rules.
#include "tests/support/telemetry_reference.hpp"

#include <set>
#include <utility>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/wall_clock.hpp"
#include "apps/telemetry/telemetry_generator.hpp"

namespace eddy::test {

namespace {

// The seed's ranges, as its validator lists them.
const std::map<std::string, std::pair<double, double>> seed_ranges{
    {"TEMPERATURE", {-50, 150}}, {"VOLTAGE", {0, 600}},
    {"CURRENT", {0, 500}},       {"POWER", {0, 10000}},
    {"FREQUENCY", {0, 100}},     {"PRESSURE", {0, 1000}},
    {"HUMIDITY", {0, 100}},      {"VIBRATION", {0, 100}},
    {"FLOW_RATE", {0, 1000}},    {"RPM", {0, 10000}},
    {"TORQUE", {0, 1000}},       {"ENERGY", {0, 100000}}};

const std::vector<std::string> malformed_events{
    R"({"event_id":"bad-1","timestamp":)",
    R"(["not","an","object"])",
    R"({"event_id":"bad-2","site_id":"s","asset_id":"a","sensor_type":"RPM","value":1,"unit":"rpm"})",
    R"({"event_id":"bad-3","timestamp":1,"site_id":"s","asset_id":"a","sensor_type":"RPM","value":"high","unit":"rpm"})",
};

std::string flag_of(const nlohmann::json& e) {
  auto range = seed_ranges.find(e["sensor_type"].get<std::string>());
  if (range == seed_ranges.end())
    return "UNKNOWN_TYPE";
  auto value = e["value"].get<double>();
  if (value < range->second.first || value > range->second.second)
    return "OUT_OF_RANGE";
  return e.value("quality_flag", "GOOD");
}

std::string key_of(const nlohmann::json& e) {
  return e["site_id"].get<std::string>() + ":" +
         e["asset_id"].get<std::string>() + ":" +
         e.value("sensor_id", std::string{});
}

} // namespace

telemetry_workload telemetry_workload::slice(size_t from, size_t n) const {
  auto result = *this;
  auto end = std::min(keys.size(), from + n);
  result.keys.assign(keys.begin() + from, keys.begin() + end);
  result.payloads.assign(payloads.begin() + from, payloads.begin() + end);
  return result;
}

telemetry_workload make_workload(int64_t count, int64_t first_ms,
                                 int64_t step_ms) {
  telemetry::telemetry_generator make{{7, 50, 0.05, 0.05}};
  telemetry_workload w;
  std::set<std::pair<std::string, std::string>> seen; // (key, event_id)
  auto now = wall_clock_ms();
  for (int64_t i = 0; i < count; ++i) {
    std::string json;
    make.json(static_cast<uint64_t>(i), first_ms + i * step_ms, json);
    auto e = nlohmann::json::parse(json);
    if (i % 50 == 49)
      e["sensor_type"] = "WIND_SPEED";
    if (i % 100 == 99) {
      w.keys.push_back("bad");
      w.payloads.push_back(
          malformed_events[(i / 100) % malformed_events.size()]);
      ++w.malformed;
      continue;
    }
    if (i % 97 == 96 || i % 89 == 88) {
      e["timestamp"] =
          i % 97 == 96 ? now - 25 * 3'600'000LL : now + 2 * 3'600'000LL;
      e["event_id"] = "aged-" + std::to_string(i);
      ++w.stale;
    } else if (!seen.emplace(key_of(e), e["event_id"]).second) {
      ++w.duplicates;
    } else {
      w.expected[e["event_id"]] = {key_of(e), e["timestamp"].get<int64_t>(),
                                   e["value"].get<double>(), flag_of(e)};
    }
    w.keys.push_back(key_of(e));
    w.payloads.push_back(e.dump());
  }
  return w;
}

std::string differences(const std::map<std::string, expected_event>& expected,
                        const std::vector<std::string>& json_events) {
  std::string diffs;
  auto note = [&diffs](const std::string& text) {
    if (diffs.size() < 2000)
      diffs += text + "\n";
  };
  std::set<std::string> got;
  for (auto& text : json_events) {
    auto e = nlohmann::json::parse(text);
    auto id = e["event_id"].get<std::string>();
    if (!got.insert(id).second) {
      note("twice: " + id);
      continue;
    }
    auto want = expected.find(id);
    if (want == expected.end()) {
      note("unexpected: " + text);
      continue;
    }
    auto& x = want->second;
    if (key_of(e) != x.key || e["timestamp"] != x.timestamp_ms ||
        e["value"].get<double>() != x.value ||
        e["quality_flag"] != x.quality_flag || !e.contains("processed_at"))
      note("differs: " + text);
  }
  for (auto& [id, x] : expected)
    if (!got.contains(id))
      note("missing: " + id);
  return diffs;
}

} // namespace eddy::test
