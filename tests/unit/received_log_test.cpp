// The MQTT source's write-ahead log: entries keep their offsets across a
// reopen, a replay starts after the position it is given, forgetting drops
// whole segments a checkpoint covers, and a torn last entry is cut off.
#include "connectors/mqtt/received_log.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

namespace {

std::unique_ptr<received_log> open_log(const std::string& dir,
                                       offset_t first = 0,
                                       uint64_t segment_bytes = 1 << 20) {
  auto log = received_log::open(dir, first, segment_bytes);
  REQUIRE_MESSAGE(log, (log ? std::string{} : describe(log.error())));
  return std::move(*log);
}

void append(received_log& log, const std::string& payload) {
  auto offset = log.append("machine/states", payload);
  REQUIRE_MESSAGE(offset, (offset ? std::string{} : describe(offset.error())));
}

// "offset:payload ..." of the entries after `after`.
std::string replayed(const received_log& log, offset_t after) {
  std::string text;
  auto err = log.replay_after(after, [&](offset_t at, std::string_view topic,
                                         std::string_view payload) {
    CHECK(topic == "machine/states");
    text += (text.empty() ? "" : " ") + std::to_string(at) + ":" +
            std::string{payload};
  });
  CHECK_FALSE(err);
  return text;
}

} // namespace

TEST_CASE("entries keep their offsets across a reopen and replay after a "
          "position") {
  test::temp_dir dir;
  {
    auto log = open_log(dir.path());
    CHECK(log->next_offset() == 0);
    append(*log, "a");
    append(*log, "b");
    append(*log, "c");
  }
  auto log = open_log(dir.path());
  CHECK(log->next_offset() == 3);
  CHECK(replayed(*log, -1) == "0:a 1:b 2:c");
  CHECK(replayed(*log, 1) == "2:c");
  CHECK(replayed(*log, 2).empty());
}

TEST_CASE("a new log begins at the offset it is given") {
  test::temp_dir dir;
  auto log = open_log(dir.path(), 40);
  append(*log, "x");
  CHECK(replayed(*log, -1) == "40:x");
  // An existing log keeps its own offsets.
  CHECK(open_log(dir.path(), 7)->next_offset() == 41);
}

TEST_CASE("forgetting drops whole segments a position covers, never the "
          "current one") {
  test::temp_dir dir;
  // Each entry (12 + 14 + 1 bytes) fills a segment of 20 bytes.
  auto log = open_log(dir.path(), 0, 20);
  for (auto payload : {"a", "b", "c", "d"})
    append(*log, payload);
  CHECK(log->segments() == std::vector<offset_t>{0, 1, 2, 3});
  CHECK_FALSE(log->forget_through(1));
  CHECK(log->segments() == std::vector<offset_t>{2, 3});
  CHECK(replayed(*log, -1) == "2:c 3:d");
  CHECK_FALSE(log->forget_through(100));
  CHECK(log->segments() == std::vector<offset_t>{3});
  CHECK(replayed(*log, -1) == "3:d");
  append(*log, "e");
  CHECK(log->segments() == std::vector<offset_t>{3, 4});
  CHECK(replayed(*log, 3) == "4:e");
}

TEST_CASE("a torn last entry is cut off when the log is opened") {
  test::temp_dir dir;
  std::string segment;
  {
    auto log = open_log(dir.path());
    append(*log, "whole");
    append(*log, "torn");
  }
  for (auto& file : std::filesystem::directory_iterator{dir.path()})
    segment = file.path().string();
  auto size = std::filesystem::file_size(segment);
  std::filesystem::resize_file(segment, size - 2);
  {
    auto log = open_log(dir.path());
    CHECK(log->next_offset() == 1);
    append(*log, "after");
    CHECK(replayed(*log, -1) == "0:whole 1:after");
  }
  // Zeros where the machine crashed mid-write are no entry either.
  std::ofstream{segment, std::ios::app} << std::string(16, '\0');
  CHECK(open_log(dir.path())->next_offset() == 2);
}
