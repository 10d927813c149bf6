// Expected and written IPDR usage, apart from the job's code.
#include "tests/support/ipdr_reference.hpp"

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "apps/eddy-check/topic_reader.hpp"
#include "apps/ipdr/ipdr_generator.hpp"
#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"
#include "tests/support/kafka_reader.hpp"

namespace eddy::test {

using namespace std::chrono_literals;

std::vector<std::string> generated_ipdrs(int64_t count, int64_t macs,
                                         int64_t now_ms) {
  ipdr::ipdr_generator make{{7, macs, 0}};
  std::vector<std::string> result(static_cast<size_t>(count));
  for (size_t i = 0; i < result.size(); ++i)
    make(i, now_ms, result[i]);
  return result;
}

namespace {

/// `mac|hour` of a usage record or an IPDR (UTC: the hour is fromTime's).
std::string key_of_usage(const nlohmann::json& u) {
  return u.at("mac").get<std::string>() + "|" +
         std::to_string(u.at("hourUsage").get<int>());
}

std::string key_of_ipdr(const nlohmann::json& r) {
  auto from = r.at("fromTime").get<std::string>();
  return r.at("cmMacAddr").get<std::string>() + "|" +
         std::to_string(std::stoi(from.substr(11, 2)));
}

void add_usage_line(const std::string& line, usage_sums& sums) {
  auto u = nlohmann::json::parse(line, nullptr, false);
  REQUIRE_MESSAGE(u.is_object(), "not a usage record: " << line);
  REQUIRE_MESSAGE(u.size() == 5, "not a usage record: " << line);
  sums[key_of_usage(u)] += u.at("usage").get<int64_t>();
}

} // namespace

usage_sums expected_usage(const std::vector<std::string>& ipdrs) {
  usage_sums sums;
  for (auto& text : ipdrs) {
    auto r = nlohmann::json::parse(text);
    if (r.at("dsScn") == "data")
      sums[key_of_ipdr(r)] += r.at("dsOctets").get<int64_t>();
  }
  return sums;
}

int64_t data_records(const std::vector<std::string>& ipdrs) {
  int64_t n = 0;
  for (auto& text : ipdrs)
    n += nlohmann::json::parse(text).at("dsScn") == "data";
  return n;
}

void produce_ipdrs(const std::string& bootstrap, const std::string& topic,
                   const std::vector<std::string>& ipdrs, int64_t first) {
  auto producer = kafka_producer::make(test_kafka_properties(bootstrap));
  REQUIRE(producer);
  for (size_t i = 0; i < ipdrs.size(); ++i)
    REQUIRE(
        producer->send(topic, std::to_string(first + int64_t(i)), ipdrs[i]));
  REQUIRE(producer->flush(60s));
}

usage_sums usage_in_topic(const std::string& bootstrap,
                          const std::string& topic) {
  usage_sums sums;
  // To the end offsets (of committed transactions) at the start: no wait
  // for a count or a timeout.
  auto read = check::read_topic_lines(topic, {bootstrap, true},
                                      [&](std::string_view line) -> caf::error {
                                        add_usage_line(std::string{line}, sums);
                                        return {};
                                      });
  REQUIRE_MESSAGE(read, describe(read.error()));
  return sums;
}

std::string first_differences(const usage_sums& expected,
                              const usage_sums& got) {
  std::string text = std::to_string(expected.size()) + " keys expected, " +
                     std::to_string(got.size()) + " got";
  auto add = [&](const std::string& key, int64_t want, int64_t have) {
    text += "; " + key + ": expected " + std::to_string(want) + ", got " +
            std::to_string(have);
  };
  int shown = 0;
  for (auto& [key, usage] : expected)
    if (auto i = got.find(key);
        (i == got.end() || i->second != usage) && shown++ < 5)
      add(key, usage, i == got.end() ? 0 : i->second);
  for (auto& [key, usage] : got)
    if (!expected.contains(key) && shown++ < 10)
      add(key, 0, usage);
  return text;
}

usage_sums usage_in_files(const std::string& dir) {
  usage_sums sums;
  if (!std::filesystem::exists(dir))
    return sums;
  for (auto& entry : std::filesystem::directory_iterator{dir}) {
    if (entry.path().filename().string().starts_with("."))
      continue;
    std::ifstream in{entry.path()};
    std::string line;
    while (std::getline(in, line))
      add_usage_line(line, sums);
  }
  return sums;
}

} // namespace eddy::test
