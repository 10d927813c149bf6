// Answers GET /v1/items?ids=... by reading each id from the inventory
// service in request order.
#include "apps/inventory/stock_batch_route.hpp"

#include <map>
#include <string>
#include <utility>
#include <variant>

#include "apps/inventory/inventory_service.hpp"
#include "apps/inventory/item_id.hpp"
#include "apps/inventory/stock_bodies.hpp"
#include "connectors/databases/http_endpoint.hpp"
#include "messages/error.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy {

using web::detail_of;
using web::json_error;
using web::response;
using web::service_error;

namespace {

/// Splits and decodes the ids of all `ids` parameters, or returns the 400
/// response that explains what is wrong with them.
std::variant<std::vector<std::string>, response>
read_ids(const std::vector<std::string_view>& raw_values) {
  if (raw_values.empty())
    return json_error(400, "invalid_ids",
                      "the query parameter 'ids' is missing, e.g. "
                      "/v1/items?ids=item_1,item_2");
  std::vector<std::string> ids;
  for (auto rest : raw_values) {
    if (rest.empty())
      continue;
    for (;;) {
      if (ids.size() == max_batch_ids)
        return json_error(400, "invalid_ids",
                          "at most " + std::to_string(max_batch_ids) +
                              " item ids may be read at once");
      auto comma = rest.find(',');
      auto id = decode_item_id(rest.substr(0, comma));
      if (!id)
        return json_error(400, "invalid_item_id",
                          "item id " + std::to_string(ids.size() + 1) + ": " +
                              detail_of(id.error()));
      ids.push_back(std::move(*id));
      if (comma == std::string_view::npos)
        break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (ids.empty())
    return json_error(400, "invalid_ids",
                      "the query parameter 'ids' lists no item id");
  return ids;
}

} // namespace

response get_stock_batch(const std::vector<std::string_view>& raw_values,
                         inventory_service& service) {
  auto ids = read_ids(raw_values);
  if (auto* failure = std::get_if<response>(&ids))
    return std::move(*failure);
  std::vector<item_info> items;
  std::vector<std::string> missing;
  for (auto& id : std::get<std::vector<std::string>>(ids)) {
    auto info = service.stock(id);
    if (info)
      items.push_back(std::move(*info));
    else if (info.error() == ec::unknown_key)
      missing.push_back(std::move(id));
    else
      return service_error(info.error(), "item '" + id + "'");
  }
  return response{.body = stock_batch_body(items, missing)};
}

} // namespace eddy

namespace eddy {

std::optional<std::vector<std::string>>
batch_item_ids(const std::vector<std::string_view>& raw_values) {
  auto ids = read_ids(raw_values);
  if (auto* list = std::get_if<std::vector<std::string>>(&ids))
    return std::move(*list);
  return std::nullopt;
}

std::string stock_batch_target(const std::vector<std::string>& ids) {
  std::string target = "/v1/items?ids=";
  for (auto& id : ids) {
    if (&id != &ids.front())
      target += ',';
    target += percent_encode(id);
  }
  return target;
}

web::response join_stock_batches(const std::vector<std::string>& ids,
                                 std::vector<web::response> parts) {
  std::map<std::string, nlohmann::json, std::less<>> found;
  for (auto& part : parts) {
    auto body = nlohmann::json::parse(part.body, nullptr, false);
    if (!body.is_object() || !body.contains("items"))
      return json_error(502, "bad_gateway",
                        "a member answered a batch read with an unreadable "
                        "body: " +
                            part.body.substr(0, 200));
    for (auto& item : body["items"])
      found.emplace(item.value("itemId", ""), std::move(item));
  }
  auto items = nlohmann::json::array();
  std::vector<std::string> missing;
  for (auto& id : ids)
    if (auto at = found.find(id); at != found.end())
      items.push_back(at->second);
    else
      missing.push_back(id);
  return response{
      .body = web::dump_body(nlohmann::json{{"items", std::move(items)},
                                            {"missing", std::move(missing)}})};
}

} // namespace eddy
