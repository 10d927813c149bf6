// The checkpoint record's text: what a restart reads back of the latest
// checkpoint, whatever names its sources have and whatever the record holds.
#include "actors/checkpoint_record.hpp"

#include <doctest/doctest.h>

#include <string>

#include "messages/error.hpp"

using namespace eddy;

// Found by tests/fuzz/checkpoint_record_fuzz.cpp: the record was split at
// the first tab, so a restart could not read it back.
TEST_CASE("a checkpoint whose source's name holds a tab reads back") {
  checkpoint_status cp;
  cp.id = 3;
  cp.positions = {{"mqtt:machine\tstates", 0, 41}, {"http", 0, 7}};
  auto back = decode_checkpoint_record(encode_checkpoint_record(cp), "test");
  REQUIRE_MESSAGE(back, describe(back.error()));
  REQUIRE(back->positions.size() == 2);
  CHECK(back->positions[0].source == "mqtt:machine\tstates");
  CHECK(back->positions[0].offset == 41);
  CHECK(back->positions[1].source == "http");
}

// Found by tests/fuzz/checkpoint_record_fuzz.cpp: the duration, read into a
// double, rounded to 2^63 and its conversion back was undefined behaviour.
TEST_CASE("a record with the largest duration encodes again as it was") {
  std::string record = "1 2 9223372036854775807 4\n";
  auto decoded = decode_checkpoint_record(record, "test");
  REQUIRE_MESSAGE(decoded, describe(decoded.error()));
  CHECK(encode_checkpoint_record(*decoded) == record);
}

TEST_CASE("a position line without partition and offset is refused") {
  auto decoded = decode_checkpoint_record("1 2 3 4\nhttp\t7\n", "/data/eddy");
  REQUIRE_FALSE(decoded);
  CHECK(describe(decoded.error()).find("/data/eddy, line 2: 'http\t7'") !=
        std::string::npos);
}
