// The read answer's body, written without a JSON document, matches what the
// JSON library writes.
#include "apps/inventory/stock_bodies.hpp"

#include <doctest/doctest.h>

#include "messages/json_codec.hpp"
#include "web/json_bodies.hpp"

using namespace eddy;

TEST_CASE("a stock body is the JSON the codec writes, also for ids that "
          "need escaping") {
  for (auto id : {"item_1", "crate \"7\"/b", "back\\slash", "tab\there",
                  "bell\x07", "caf\xc3\xa9 \xe2\x82\xac"}) {
    item_info item{id, -42};
    CHECK(stock_body(item) == web::dump_body(to_json(item)));
  }
}
