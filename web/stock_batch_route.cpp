// Answers GET /v1/items?ids=... by asking the inventory service once per id
// and joining the answers, which arrive in any order on any thread.
#include "web/stock_batch_route.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "messages/error.hpp"
#include "messages/inventory_service.hpp"
#include "web/item_id.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

namespace {

/// Collects one answer per id and responds once the last one arrives.
class stock_batch {
public:
  stock_batch(std::vector<std::string> ids, response_handler done)
      : ids_(std::move(ids)), answers_(ids_.size()), remaining_(ids_.size()),
        done_(std::move(done)) {}

  /// Stores the answer for the id at `index`; the last answer responds.
  void answer(size_t index, caf::expected<item_info> result) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      answers_[index].emplace(std::move(result));
      if (--remaining_ > 0)
        return;
    }
    // All answers are in and no other thread touches this object any more.
    done_(make_response());
  }

private:
  response make_response() {
    std::vector<item_info> items;
    std::vector<std::string> missing;
    for (size_t i = 0; i < ids_.size(); ++i) {
      auto& result = *answers_[i];
      if (result) {
        items.push_back(std::move(*result));
      } else if (result.error() == ec::unknown_key) {
        missing.push_back(ids_[i]);
      } else {
        return service_error(result.error(), "item '" + ids_[i] + "'");
      }
    }
    return response{.body = stock_batch_body(items, missing)};
  }

  std::mutex mtx_;
  std::vector<std::string> ids_;
  std::vector<std::optional<caf::expected<item_info>>> answers_;
  size_t remaining_;
  response_handler done_;
};

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

void get_stock_batch(const std::vector<std::string_view>& raw_values,
                     inventory_service& service, response_handler done) {
  auto ids = read_ids(raw_values);
  if (auto* failure = std::get_if<response>(&ids))
    return done(std::move(*failure));
  auto& list = std::get<std::vector<std::string>>(ids);
  auto batch = std::make_shared<stock_batch>(list, std::move(done));
  for (size_t i = 0; i < list.size(); ++i)
    service.stock(list[i], [batch, i](caf::expected<item_info> result) {
      batch->answer(i, std::move(result));
    });
}

} // namespace eddy::web
