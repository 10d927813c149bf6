// Tests of read_reply: a point read answers exactly once, with the result,
// or with an error when it is dropped unanswered (its partition died with
// the read in its mailbox), so an HTTP request never waits forever.
#include "messages/actor_interfaces.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <vector>

namespace {

using answers = std::vector<caf::expected<eddy::read_result<long>>>;

eddy::read_reply<long> recording(answers& into) {
  return eddy::read_reply<long>{
      [&into](caf::expected<eddy::read_result<long>> res) {
        into.push_back(std::move(res));
      }};
}

} // namespace

TEST_CASE("a read_reply answers once with the result, also when copied") {
  answers got;
  {
    auto reply = recording(got);
    auto copy = reply;
    copy(eddy::read_result<long>{true, 42});
    reply(eddy::read_result<long>{true, 7});
  }
  REQUIRE(got.size() == 1);
  REQUIRE(got[0]);
  CHECK(got[0]->found);
  CHECK(got[0]->value == 42);
}

TEST_CASE("a read_reply dropped unanswered answers with an error") {
  answers got;
  {
    auto reply = recording(got);
    auto copy = reply;
  }
  REQUIRE(got.size() == 1);
  CHECK_FALSE(got[0]);
}
