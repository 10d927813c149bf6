// In a cluster, a batch read split among the items' owners is joined back
// into one answer in the order asked.
#include "apps/inventory/stock_batch_route.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "web/request_target.hpp"

using namespace eddy;

TEST_CASE("the target of a part asks for exactly its ids, odd ones too") {
  std::vector<std::string> ids{"item_1", "a,b", "ü /x"};
  auto target = stock_batch_target(ids);
  auto split = web::split_target(target);
  CHECK(split.path == "/v1/items");
  CHECK(batch_item_ids(split.values_of("ids")) == ids);
}

TEST_CASE("parts' answers join into one, in the order asked") {
  std::vector<std::string> ids{"i1", "i2", "i3", "i4"};
  std::vector<web::response> parts{
      {.body = R"({"items":[{"itemId":"i3","quantity":3}],"missing":["i1"]})"},
      {.body = R"({"items":[{"itemId":"i2","quantity":2},)"
               R"({"itemId":"i4","quantity":4}],"missing":[]})"}};
  auto joined = join_stock_batches(ids, std::move(parts));
  CHECK(joined.status == 200);
  auto body = nlohmann::json::parse(joined.body);
  CHECK(body == nlohmann::json::parse(
                    R"({"items":[{"itemId":"i2","quantity":2},)"
                    R"({"itemId":"i3","quantity":3},)"
                    R"({"itemId":"i4","quantity":4}],"missing":["i1"]})"));
}

TEST_CASE("a part that is not a batch answer makes a 502") {
  std::vector<web::response> parts{{.body = "<html>proxy error</html>"}};
  auto joined = join_stock_batches({"i1"}, std::move(parts));
  CHECK(joined.status == 502);
  CHECK(joined.body.find("proxy error") != std::string::npos);
}
