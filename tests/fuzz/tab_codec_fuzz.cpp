// Fuzzes the tab-delimited codec (messages/tab_codec.hpp): every parser
// takes any line without crashing, and every record one accepts reads back
// unchanged from its tab-delimited line and its JSON forms.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/record_round_trip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eddy::fuzz;
  parse_every_record(text_of(data, size), [](auto codec, auto line) {
    return decltype(codec)::tab(line);
  });
  return 0;
}
