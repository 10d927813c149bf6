// Fuzzes the JSON codec (messages/json_codec.hpp), which reads posted
// transactions and JSON records from Kafka and MQTT: every *_from_json_text
// takes any text without throwing, and every record one accepts reads back
// unchanged from its JSON forms and its tab-delimited line.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/record_round_trip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eddy::fuzz;
  parse_every_record(text_of(data, size), [](auto codec, auto text) {
    return decltype(codec)::json_text(text);
  });
  return 0;
}
