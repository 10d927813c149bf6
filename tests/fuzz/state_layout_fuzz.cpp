// Fuzzes the layout of stored state (actors/state_layout.hpp) a restart
// reads back: the entries of a whole key group or window in one value, which
// any bytes either split into (and append_entry writes back byte for byte)
// or are reported as ending early, and window ends in their key form.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "actors/state_layout.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eddy;
  using eddy::fuzz::check;
  auto bytes = eddy::fuzz::text_of(data, size);
  std::string again;
  auto is_complete = layout::for_each_entry(
      bytes, [&](std::string_view key, std::string_view value) {
        layout::append_entry(again, key, value);
      });
  check(bytes.starts_with(again),
        "the entries read are the start of the value");
  check(!is_complete || again == bytes,
        "a value read to its end is its entries, byte for byte");
  if (bytes.size() >= 8) {
    std::string key;
    layout::append_end(key, layout::read_end(bytes));
    check(key == bytes.substr(0, 8), "a window end survives its key form");
  }
  return 0;
}
