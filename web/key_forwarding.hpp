// In a cluster, a request about keys is answered by the processes that own
// them. web/ knows only which job and keys a request is about (and, for a
// batch, how to split it and join the parts); the forwarder (set by the
// application) knows the owners and how to reach them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/request.hpp"
#include "web/request_target.hpp"
#include "web/response.hpp"

namespace eddy::web {

/// Makes the handler for an answer that comes later, from another thread.
using reply_later = std::function<response_handler()>;

/// What the requests of a route are about: keys of one job.
struct route_keys {
  std::string job;
  /// The (decoded) keys a request is about; nothing for a request the
  /// route answers with an error. `rest` is as for route_handler.
  std::function<std::optional<std::vector<std::string>>(
      const request& req, const request_target& target, std::string_view rest)>
      of = {};
  /// Routes of several keys per request (batch reads): the target that asks
  /// for `keys` only, and one answer made of the owners' answers (each a
  /// 200), listing `keys` in their order.
  std::function<std::string(const std::vector<std::string>& keys)> target_for =
      {};
  std::function<response(const std::vector<std::string>& keys,
                         std::vector<response> parts)>
      merge = {};
};

/// Takes a request about `keys` of `about.job` that other processes own,
/// passing the owners' answer (or a 503 while a key has no owner) to the
/// handler it takes from `later`, and returns true; returns false when this
/// process owns every key and answers the request itself. Called on the
/// server's threads, concurrently.
using key_forwarder = std::function<bool(
    const route_keys& about, const std::vector<std::string>& keys,
    const request& req, const reply_later& later)>;

} // namespace eddy::web
