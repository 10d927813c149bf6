// Routes a job adds to the HTTP API besides the built-in ones, such as the
// inventory's /v1/items and /v1/transactions: web/ knows them only as paths
// and handlers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/key_forwarding.hpp"
#include "web/request.hpp"
#include "web/request_target.hpp"
#include "web/response.hpp"

namespace eddy::web {

/// Answers a request on its route: returns the response if it is ready
/// before this returns, else returns nothing and passes the response,
/// exactly once, to the handler it took from `later`. `rest` is the part of
/// the path after a prefix route's path (empty for an exact route). The
/// handler checks the method itself (see method_not_allowed).
using route_handler = std::function<std::optional<response>(
    const request& req, const request_target& target, std::string_view rest,
    const reply_later& later)>;

struct route {
  /// An exact path ("/v1/transactions"), or a prefix if it ends with '/'
  /// ("/v1/items/").
  std::string path;
  route_handler handle;
  /// Which job's keys its requests are about, if any: in a cluster their
  /// owners answer them (see key_forwarding.hpp).
  std::optional<route_keys> keys = {};
};

class route_table {
public:
  /// Adds `r`; routes are tried in the order added, before the built-in
  /// ones (so a job's hot path is matched first).
  void add(route r);

  /// The route serving `path` and, through `rest`, what follows its prefix;
  /// null if none does.
  const route* match(std::string_view path, std::string_view& rest) const;

  bool empty() const noexcept { return routes_.empty(); }

private:
  std::vector<route> routes_;
};

/// 405 "method_not_allowed" for `req` on `path`, with the Allow header.
response method_not_allowed(const request& req, std::string_view path,
                            std::string_view allowed);

/// 404 "not_found" naming `path`.
response not_found(std::string_view path);

} // namespace eddy::web
