// Keeps sessions alive while the jobs works on their request,
// and drops replies that arrive after the server stopped, so that no session
// (and no socket) outlives the io_context it belongs to.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "web/response.hpp"

namespace eddy::web {

class session;

/// Shared by the server and every callback handed to a job, which may
/// run on any thread, even after the server is gone.
class pending_replies {
public:
  /// Keeps `s` alive until deliver() for it or close(). Returns false, and
  /// keeps nothing, once closed. Call on the session's strand.
  [[nodiscard]] bool hold(std::shared_ptr<session> s);

  /// Posts `res` to the strand of the held session `key` and lets go of it.
  /// Does nothing once closed (the io_context may be gone). Safe on any
  /// thread.
  void deliver(const session* key, response res);

  /// Refuses later calls and hands over the held sessions. The caller
  /// destroys them after the io threads are joined and before the
  /// io_context, because their sockets need it.
  [[nodiscard]] std::vector<std::shared_ptr<session>> close();

private:
  std::mutex mtx_;
  bool is_open_ = true;
  std::unordered_map<const session*, std::shared_ptr<session>> held_;
};

} // namespace eddy::web
