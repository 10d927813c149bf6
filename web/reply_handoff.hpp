// Where the answer to one request goes: most routes answer before they
// return (reads, errors), and the session then writes the answer at once;
// a later answer, from another thread, goes through pending_replies.
#pragma once

#include <mutex>
#include <optional>
#include <utility>

#include "web/response.hpp"

namespace eddy::web {

/// Shared by a session and the response_handler of its current request.
class reply_handoff {
public:
  /// Takes the answer (once, on any thread). Returns it back if the session
  /// stopped waiting for it here: the caller then delivers it.
  [[nodiscard]] std::optional<response> offer(response res) {
    std::lock_guard guard{mtx_};
    if (is_detached_)
      return res;
    early_ = std::move(res);
    return std::nullopt;
  }

  /// After the routes returned: the answer if it came in meanwhile.
  /// Otherwise runs `detach`, which must make a later delivery possible,
  /// before any later offer() can return its answer.
  template <class Detach>
  [[nodiscard]] std::optional<response> take_or_detach(Detach&& detach) {
    std::lock_guard guard{mtx_};
    if (early_)
      return std::move(early_);
    is_detached_ = true;
    detach();
    return std::nullopt;
  }

private:
  std::mutex mtx_;
  std::optional<response> early_;
  bool is_detached_ = false;
};

} // namespace eddy::web
