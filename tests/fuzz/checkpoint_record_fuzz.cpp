// Fuzzes the checkpoint record (actors/checkpoint_record.hpp), from which a
// restart learns where its sources resume. Byte 0 picks: stored bytes,
// which decode or are refused without crashing, a decoded record encoding
// to one that decodes the same; or a checkpoint built from the input, which
// reads back from its record as it was.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "actors/checkpoint_record.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace eddy;
using eddy::fuzz::check;

bool same(const checkpoint_status& a, const checkpoint_status& b) {
  auto same_position = [](const source_offset& x, const source_offset& y) {
    return x.source == y.source && x.partition == y.partition &&
           x.offset == y.offset;
  };
  return a.id == b.id && a.started_ms == b.started_ms &&
         a.duration_ms == b.duration_ms && a.bytes == b.bytes &&
         std::equal(a.positions.begin(), a.positions.end(), b.positions.begin(),
                    b.positions.end(), same_position);
}

void check_stored(std::string_view bytes) {
  auto decoded = decode_checkpoint_record(bytes, "fuzz");
  if (!decoded)
    return;
  auto again =
      decode_checkpoint_record(encode_checkpoint_record(*decoded), "fuzz");
  check(again && same(*again, *decoded),
        "a decoded record encodes to one that decodes the same");
}

// A completed checkpoint as the coordinator makes one: a measured duration
// in milliseconds, which the record keeps whole; source names without line
// feeds.
void check_made(FuzzedDataProvider& in) {
  checkpoint_status cp;
  cp.id = in.ConsumeIntegral<int64_t>();
  cp.started_ms = in.ConsumeIntegral<int64_t>();
  cp.duration_ms = in.ConsumeFloatingPointInRange<double>(0, 1e12);
  cp.bytes = in.ConsumeIntegral<uint64_t>();
  for (auto n = in.ConsumeIntegralInRange(0, 4); n > 0; --n) {
    auto source = in.ConsumeRandomLengthString(32);
    std::replace(source.begin(), source.end(), '\n', ' ');
    cp.positions.push_back({std::move(source), in.ConsumeIntegral<int32_t>(),
                            in.ConsumeIntegral<int64_t>()});
  }
  auto back = decode_checkpoint_record(encode_checkpoint_record(cp), "fuzz");
  cp.duration_ms = std::trunc(cp.duration_ms);
  check(back && same(*back, cp), "a checkpoint reads back from its record");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  if (data[0] % 2 == 0) {
    check_stored(eddy::fuzz::text_of(data + 1, size - 1));
  } else {
    FuzzedDataProvider in{data + 1, size - 1};
    check_made(in);
  }
  return 0;
}
