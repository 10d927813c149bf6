// Fuzzes the IPDR rollup's record parser (apps/ipdr/ipdr_parser, simdjson):
// any Kafka payload either becomes a record or a malformed-record error for
// the dead letters, never a crash or an exception; what it accepts is a JSON
// object (as nlohmann reads it too) whose fields the record holds, read in
// UTC and in a zone with daylight saving.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/ipdr/ipdr_parser.hpp"
#include "messages/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;

const eddy::ipdr::parser& parser_in(const char* zone) {
  static const eddy::ipdr::parser utc{
      *eddy::ipdr::local_time_zone::load("UTC")};
  static const eddy::ipdr::parser new_york{
      *eddy::ipdr::local_time_zone::load("America/New_York")};
  return std::string_view{zone} == "UTC" ? utc : new_york;
}

void check_accepted(const eddy::ipdr::record& rec, std::string_view input) {
  auto doc = nlohmann::json::parse(input, nullptr, false);
  check(doc.is_object(), "an accepted IPDR is a JSON object");
  check(doc.contains("cmMacAddr") && doc.contains("dsScn") &&
            doc.contains("dsOctets") && doc.contains("fromTime"),
        "an accepted IPDR has the four fields");
  check(rec.hour >= 0 && rec.hour <= 23, "hourUsage is an hour of the day");
  check(rec.key == eddy::ipdr::key_of(rec.mac(), rec.hour),
        "the key is mac|hour");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = eddy::fuzz::text_of(data, size);
  for (auto zone : {"UTC", "America/New_York"}) {
    auto rec = parser_in(zone)(input);
    if (rec)
      check_accepted(*rec, input);
    else
      check(rec.error() == eddy::ec::malformed_record,
            "a refused IPDR is a malformed record");
  }
  return 0;
}
