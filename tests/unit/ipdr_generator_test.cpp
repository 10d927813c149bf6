// The IPDR generator: the same records for the same seed, the seed's sample
// fields and types, its service classes, MAC range and quarter-hour times.
#include "apps/ipdr/ipdr_generator.hpp"

#include <doctest/doctest.h>

#include <ctime>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

using namespace eddy::ipdr;
using nlohmann::json;

namespace {

// The seed's sample record.
const json sample = json::parse(
    R"({"batchId":"103.65.107.58","cmIp":{"v4":"198.75.91.98"},)"
    R"("cmMacAddr":"MACADDR39","cmtsHostName":"schaefer.info",)"
    R"("cmtsIp":{"v4":"103.65.107.58","v6":"cb20:8db0:c3bf:247b:d593:a9f2:)"
    R"(1c2f:50af"},"dsChSet":[31,70,79,26],"dsIdentifier":5957,)"
    R"("dsOctets":635159,"dsPackets":6099,"dsScn":"default",)"
    R"("dsTimeActive":35962,"fromTime":"2023-08-01 19:15:00",)"
    R"("mdIfIndex":2869,"mdIfName":"Cable2/1/6","qosVersion":3,)"
    R"("region":"Charlotte","timeZone":"EST","toTime":"2023-08-01 19:30:00",)"
    R"("usChSet":[0,6,9,9,8,0,3],"usIdentifier":89100,"usOctets":584150,)"
    R"("usPackets":23106,"usScn":"default","usTimeActive":21239,"v":2})");

// 2023-08-01 19:07:31.250 UTC.
constexpr int64_t now_ms = 1690916851250;

std::string record(const ipdr_generator& make, uint64_t index,
                   int64_t at_ms = now_ms) {
  std::string out;
  make(index, at_ms, out);
  return out;
}

json parsed(const ipdr_generator& make, uint64_t index,
            int64_t at_ms = now_ms) {
  return json::parse(record(make, index, at_ms));
}

// Milliseconds since the epoch of a `yyyy-MM-dd HH:mm:ss` UTC time.
int64_t utc_ms(const std::string& text) {
  std::tm fields{};
  REQUIRE(strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &fields) ==
          text.c_str() + text.size());
  return static_cast<int64_t>(timegm(&fields)) * 1000;
}

// Whether `value` has the sample's type, down into objects and arrays.
bool has_type_of(const json& value, const json& example) {
  if (value.type() != example.type())
    return false;
  if (example.is_object()) {
    if (value.size() != example.size())
      return false;
    for (auto& [key, field] : example.items())
      if (!value.contains(key) || !has_type_of(value[key], field))
        return false;
  }
  if (example.is_array())
    for (auto& element : value)
      if (!has_type_of(element, example.front()))
        return false;
  return true;
}

} // namespace

TEST_CASE("the IPDR generator makes the same bytes for the same seed, index "
          "and clock") {
  ipdr_generator make{{}};
  ipdr_generator again{{}};
  ipdr_generator other_seed{{.seed = 7}};
  CHECK(record(make, 12345) == record(again, 12345));
  CHECK(record(make, 12345) != record(make, 12346));
  CHECK(record(make, 12345) != record(other_seed, 12345));
}

TEST_CASE("an IPDR record appends to what the string held, without a "
          "newline") {
  ipdr_generator make{{}};
  std::string out = "before";
  make(3, now_ms, out);
  CHECK(out == "before" + record(make, 3));
  CHECK(out.back() == '}');
}

TEST_CASE("an IPDR record has the sample's 25 fields with the sample's "
          "types") {
  ipdr_generator make{{}};
  for (uint64_t index = 0; index < 200; ++index) {
    auto text = record(make, index);
    auto fields = json::parse(text);
    CAPTURE(text);
    // Compact, and in the sample's (alphabetical) order.
    CHECK(fields.dump() == text);
    CHECK(fields.size() == 25);
    CHECK(has_type_of(fields, sample));
    CHECK(fields["batchId"] == fields["cmtsIp"]["v4"]);
    CHECK(fields["usScn"] == fields["dsScn"]);
  }
}

TEST_CASE("IPDR records name all five of the seed's service classes") {
  ipdr_generator make{{}};
  std::set<std::string> classes;
  for (uint64_t index = 0; index < 200; ++index)
    classes.insert(parsed(make, index)["dsScn"].get<std::string>());
  CHECK(classes ==
        std::set<std::string>{"both", "data", "default", "telephony", "video"});
}

TEST_CASE("IPDR records name every MAC of the offset's range and no other") {
  ipdr_generator make{{.macs = 7, .mac_offset = 100}};
  std::set<std::string> macs;
  for (uint64_t index = 0; index < 500; ++index)
    macs.insert(parsed(make, index)["cmMacAddr"].get<std::string>());
  CHECK(macs == std::set<std::string>{"MACADDR100", "MACADDR101", "MACADDR102",
                                      "MACADDR103", "MACADDR104", "MACADDR105",
                                      "MACADDR106"});
}

TEST_CASE("an IPDR record's fromTime is a quarter hour of the two hours "
          "before the clock and its toTime 15 minutes later") {
  ipdr_generator make{{}};
  std::set<int64_t> quarters;
  for (uint64_t index = 0; index < 300; ++index) {
    auto fields = parsed(make, index);
    auto from = utc_ms(fields["fromTime"].get<std::string>());
    CAPTURE(fields["fromTime"]);
    CHECK(from % (15 * 60 * 1000) == 0);
    CHECK(from <= now_ms);
    CHECK(from >= now_ms - 2 * 60 * 60 * 1000);
    CHECK(utc_ms(fields["toTime"].get<std::string>()) == from + 15 * 60 * 1000);
    quarters.insert(from);
  }
  // 17:15 to 19:00: every quarter hour starting within the two hours.
  CHECK(quarters.size() == 8);
}

TEST_CASE("an IPDR record's fields other than the times do not depend on the "
          "clock") {
  ipdr_generator make{{}};
  auto early = parsed(make, 42, now_ms);
  auto late = parsed(make, 42, now_ms + 24 * 60 * 60 * 1000);
  CHECK(early["fromTime"] != late["fromTime"]);
  for (auto* field : {"fromTime", "toTime"}) {
    early.erase(field);
    late.erase(field);
  }
  CHECK(early == late);
}
