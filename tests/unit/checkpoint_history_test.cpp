// The checkpoint record: what a restart reads back from the store.
#include "actors/checkpoint_history.hpp"

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

TEST_CASE("the latest checkpoint's record reads back as written") {
  test::temp_dir dir;
  auto store = state_store::open(dir.path(), {});
  REQUIRE(store);
  auto none = latest_checkpoint(**store);
  REQUIRE(none);
  CHECK_FALSE(*none);
  checkpoint_status cp;
  cp.id = 42;
  cp.started_ms = 1700000000000;
  cp.duration_ms = 17;
  cp.bytes = 1234;
  cp.positions = {{"transaction.log.1", 3, 99}, {"http", 0, 7}};
  REQUIRE((*store)->write({{checkpoint_family, checkpoint_record_key,
                            encode_checkpoint_record(cp)}}));
  auto back = latest_checkpoint(**store);
  REQUIRE(back);
  REQUIRE(*back);
  auto& got = **back;
  CHECK(got.id == 42);
  CHECK(got.started_ms == cp.started_ms);
  CHECK(got.duration_ms == 17);
  CHECK(got.bytes == 1234);
  CHECK(got.outcome == checkpoint_outcome::completed);
  REQUIRE(got.positions.size() == 2);
  CHECK(got.positions[0].source == "transaction.log.1");
  CHECK(got.positions[0].partition == 3);
  CHECK(got.positions[0].offset == 99);
  CHECK(got.positions[1].source == "http");
}

TEST_CASE("an undecodable checkpoint record is an error naming the store") {
  test::temp_dir dir;
  auto store = state_store::open(dir.path(), {});
  REQUIRE(store);
  REQUIRE((*store)->write(
      {{checkpoint_family, checkpoint_record_key, "7 1 2 3\nno tabs here\n"}}));
  auto back = latest_checkpoint(**store);
  REQUIRE_FALSE(back);
  CHECK(back.error() == ec::storage_failure);
  CHECK(describe(back.error()).find("line 2") != std::string::npos);
  CHECK(describe(back.error()).find(dir.path()) != std::string::npos);
}

TEST_CASE("a source resumes after what the checkpoint covers of it") {
  checkpoint_status cp;
  cp.positions = {{"generator", 0, 41}};
  CHECK(resume_after(cp, {"generator", 0}) == offset_t{42});
  CHECK_FALSE(resume_after(cp, {"generator", 1}));
  CHECK_FALSE(resume_after(cp, {"http", 0}));
}
