// Fuzzes the machine data job's state reader (apps/machines/machine_state,
// simdjson): any payload either splits into readings or is refused as a
// malformed record for the dead letters, leaving the output as it was; never
// a crash or an exception. Each reading it makes is keyed
// <thing>.<quantity> on Kafka, and its JSON (format_json) reads back, with
// nlohmann, as the same thing, quantity, time and result.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/machines/machine_reading.hpp"
#include "apps/machines/machine_state.hpp"
#include "messages/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;
using eddy::machines::reading;

void check_reads_back(const reading& r) {
  std::string key;
  format_key(r, key);
  check(key == r.thing + "." + r.quantity,
        "a reading is keyed <thing>.<quantity>");
  std::string json;
  format_json(r, json);
  auto doc = nlohmann::json::parse(json, nullptr, false);
  check(doc.is_object(), "a reading's JSON is an object");
  check(doc["thing"] == r.thing, "a reading's JSON has its thing");
  check(doc["quantity"] == r.quantity, "a reading's JSON has its quantity");
  check(doc["phenomenonTime"].is_number_integer() &&
            doc["phenomenonTime"].get<int64_t>() == r.time_ms,
        "a reading's JSON has its time in integral ms");
  // Results come from JSON numbers, so they are finite.
  check(std::isfinite(r.result), "a split result is finite");
  check(doc["result"].is_number() && doc["result"].get<double>() == r.result,
        "a reading's JSON has its result as the same double");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = eddy::fuzz::text_of(data, size);
  // A reading already there stays there, first, whatever the state.
  std::vector<reading> out{{"before", "q", 1, 2}};
  if (auto err = eddy::machines::split_state(input, out)) {
    check(err == eddy::ec::malformed_record,
          "a refused state is a malformed record");
    check(out.size() == 1, "a refused state adds no reading");
    return 0;
  }
  check(!out.empty() && out.front().thing == "before",
        "an accepted state appends to what is there");
  for (size_t i = 1; i < out.size(); ++i) {
    check(!out[i].thing.empty(), "an accepted state has a Thing");
    check(out[i].thing == out[1].thing && out[i].time_ms == out[1].time_ms,
          "the readings of one state share its thing and time");
    check_reads_back(out[i]);
  }
  return 0;
}
