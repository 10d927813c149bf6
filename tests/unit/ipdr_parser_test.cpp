// The IPDR rollup reads the seed's records: the fields it uses, every
// malformed case as a reason, fromTime in a time zone.
#include "apps/ipdr/ipdr_parser.hpp"

#include <doctest/doctest.h>

#include <string>

#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::ipdr;

namespace {

// The seed page's sample input.
const std::string sample =
    R"({"batchId":"103.65.107.58","cmIp":{"v4":"198.75.91.98"},)"
    R"("cmMacAddr":"MACADDR39","cmtsHostName":"schaefer.info",)"
    R"("cmtsIp":{"v4":"103.65.107.58","v6":"cb20:8db0:c3bf:247b:d593:a9f2:1c2f:50af"},)"
    R"("dsChSet":[31,70,79,26],"dsIdentifier":5957,"dsOctets":635159,)"
    R"("dsPackets":6099,"dsScn":"default","dsTimeActive":35962,)"
    R"("fromTime":"2023-08-01 19:15:00","mdIfIndex":2869,)"
    R"("mdIfName":"Cable2/1/6","qosVersion":3,"region":"Charlotte",)"
    R"("timeZone":"EST","toTime":"2023-08-01 19:30:00",)"
    R"("usChSet":[0,6,9,9,8,0,3],"usIdentifier":89100,"usOctets":584150,)"
    R"("usPackets":23106,"usScn":"default","usTimeActive":21239,"v":2})";

parser in_zone(const std::string& name) {
  auto zone = local_time_zone::load(name);
  REQUIRE(zone);
  return parser{*zone};
}

/// `text` with the first `from` replaced by `to`.
std::string with(std::string text, const std::string& from,
                 const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

/// The reason `json` is refused, or "accepted".
std::string refusal(const std::string& json) {
  auto rec = in_zone("UTC")(json);
  if (rec)
    return "accepted";
  CHECK(rec.error() == ec::malformed_record);
  return describe(rec.error());
}

} // namespace

TEST_CASE("the seed's sample IPDR reads as its fields") {
  auto rec = in_zone("UTC")(sample);
  REQUIRE(rec);
  CHECK(rec->key == "MACADDR39|19");
  CHECK(rec->mac() == "MACADDR39");
  CHECK(rec->cmts_host == "schaefer.info");
  CHECK(rec->scn == "default");
  CHECK(rec->octets == 635159);
  CHECK(rec->hour == 19);
  CHECK(rec->from_ms == 1690917300000);
}

TEST_CASE("unknown fields are ignored and a missing cmtsHostName is empty") {
  auto rec = in_zone("UTC")(
      R"({"cmMacAddr":"M1","dsScn":"data","dsOctets":5,)"
      R"("fromTime":"2023-08-01 00:00:00","newField":[1,{"a":null}]})");
  REQUIRE(rec);
  CHECK(rec->cmts_host.empty());
  CHECK(rec->key == "M1|0");
}

TEST_CASE("every malformed IPDR is refused with its reason") {
  CHECK(refusal(sample.substr(0, 100)).find("invalid JSON") !=
        std::string::npos);
  CHECK(refusal(sample + "x").find("invalid JSON") != std::string::npos);
  CHECK(refusal(with(sample, R"("dsChSet":[31,)", R"("dsChSet":[31,,)"))
            .find("invalid JSON") != std::string::npos);
  CHECK(refusal("[1,2]").find("expected a JSON object, got an array") !=
        std::string::npos);
  CHECK(refusal(with(sample, R"("cmMacAddr":"MACADDR39",)", ""))
            .find("field 'cmMacAddr' is missing") != std::string::npos);
  CHECK(refusal(with(sample, R"("MACADDR39")", "39"))
            .find("field 'cmMacAddr': expected a string, got an integer") !=
        std::string::npos);
  CHECK(refusal(with(sample, R"("dsScn":"default",)", ""))
            .find("field 'dsScn' is missing") != std::string::npos);
  CHECK(refusal(with(sample, R"("dsScn":"default")", R"("dsScn":null)"))
            .find("field 'dsScn': expected a string, got null") !=
        std::string::npos);
  CHECK(refusal(with(sample, "635159", R"("635159")"))
            .find("field 'dsOctets': expected an integer, got a string") !=
        std::string::npos);
  CHECK(refusal(with(sample, "635159", "6351.5"))
            .find("field 'dsOctets': expected an integer, got a "
                  "floating-point number") != std::string::npos);
  CHECK(refusal(with(sample, R"("dsOctets":635159,)", ""))
            .find("field 'dsOctets' is missing") != std::string::npos);
  CHECK(refusal(with(sample, R"("fromTime":"2023-08-01 19:15:00",)", ""))
            .find("field 'fromTime' is missing") != std::string::npos);
  CHECK(refusal(with(sample, "2023-08-01 19:15:00", "2023-08-01T19:15:00"))
            .find("is not yyyy-MM-dd HH:mm:ss") != std::string::npos);
  CHECK(refusal(with(sample, "2023-08-01 19:15:00", "2023-02-30 19:15:00"))
            .find("is not a valid date and time") != std::string::npos);
  CHECK(refusal(with(sample, "2023-08-01 19:15:00", "2023-08-01 24:00:00"))
            .find("is not a valid date and time") != std::string::npos);
  CHECK(refusal(with(sample, R"("schaefer.info")", "7"))
            .find("field 'cmtsHostName': expected a string") !=
        std::string::npos);
}

TEST_CASE("fromTime is read in ipdr.timezone") {
  auto read = [](const std::string& zone, const std::string& from) {
    auto rec = in_zone(zone)(with(sample, "2023-08-01 19:15:00", from));
    REQUIRE(rec);
    return std::pair{rec->hour, rec->from_ms / 1000};
  };
  SUBCASE("a summer evening in New York is four hours behind UTC") {
    CHECK(read("America/New_York", "2023-08-01 19:15:00") ==
          std::pair{19, int64_t{1690931700}});
  }
  SUBCASE("half-hour offsets") {
    CHECK(read("Asia/Kolkata", "2023-08-01 19:15:00") ==
          std::pair{19, int64_t{1690897500}});
  }
  SUBCASE("a local time the zone skips moves forward by the gap, as Java's "
          "lenient calendar reads it") {
    CHECK(read("America/New_York", "2023-03-12 02:30:00") ==
          std::pair{3, int64_t{1678606200}});
  }
  SUBCASE("a local time the zone repeats is the earlier instant") {
    CHECK(read("America/New_York", "2023-11-05 01:30:00") ==
          std::pair{1, int64_t{1699162200}});
  }
}

TEST_CASE("an unknown time zone names ipdr.timezone") {
  auto zone = local_time_zone::load("Mars/Olympus_Mons");
  REQUIRE(!zone);
  CHECK(zone.error() == ec::invalid_config);
  CHECK(describe(zone.error()).find("ipdr.timezone") != std::string::npos);
}
