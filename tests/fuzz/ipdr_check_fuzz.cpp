// Fuzzes `eddy-check ipdr`'s readers (apps/eddy-check/ipdr_records,
// time_zone): any IPDR input or output line, fromTime text or zone file
// either reads or fails with an error, never crashes, and what reads holds
// together. The input's first byte picks the reader, the rest is its text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "apps/eddy-check/ipdr_records.hpp"
#include "apps/eddy-check/time_zone.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;

// The hour of an accepted `yyyy-MM-dd HH:mm:ss` is its HH.
void check_wall_time(std::string_view text) {
  auto seconds = eddy::check::parse_wall_time(text);
  if (!seconds)
    return;
  auto of_day = (*seconds % 86400 + 86400) % 86400;
  check(text.size() == 19 &&
            of_day / 3600 == std::stoi(std::string{text.substr(11, 2)}),
        "an accepted fromTime's hour is its HH");
}

void check_output(std::string_view line) {
  auto output = eddy::check::read_ipdr_output(line);
  if (output)
    check(output->hour >= 0 && output->hour <= 23,
          "an output record's hour is 0-23");
}

// Any zone that reads places any wall time at an hour of the day.
void check_zone(std::string_view bytes) {
  auto zone = eddy::check::time_zone::from_tzif("Fuzz/Zone", bytes);
  if (!zone)
    return;
  for (int64_t wall : {int64_t{-2208988800}, int64_t{0}, int64_t{1690917300},
                       int64_t{253402300799}}) {
    auto hour = zone->hour_of_wall_time(wall);
    check(!hour || (*hour >= 0 && *hour <= 23), "a zone's hour is 0-23");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = eddy::fuzz::text_of(data, size);
  if (input.empty())
    return 0;
  auto text = input.substr(1);
  switch (input.front() % 4) {
  case 0:
    // Reading or refusing without a crash or a sanitizer's report is all.
    static_cast<void>(eddy::check::read_ipdr_input(text));
    break;
  case 1:
    check_output(text);
    break;
  case 2:
    check_wall_time(text);
    break;
  default:
    check_zone(text);
  }
  return 0;
}
