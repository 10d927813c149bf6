// Hands replies of the jobs to the strand of the session that
// waits for them, as long as the server runs.
#include "web/pending_replies.hpp"

#include <utility>

#include <boost/asio/post.hpp>

#include "web/session.hpp"

namespace eddy::web {

bool pending_replies::hold(std::shared_ptr<session> s) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!is_open_)
    return false;
  const auto* key = s.get();
  held_.emplace(key, std::move(s));
  return true;
}

void pending_replies::deliver(const session* key, response res) {
  // Posting under the lock keeps close() from finishing, and the server
  // from destroying the io_context, while this thread still uses it.
  std::lock_guard<std::mutex> guard{mtx_};
  if (!is_open_)
    return;
  auto i = held_.find(key);
  if (i == held_.end())
    return;
  auto s = std::move(i->second);
  held_.erase(i);
  auto executor = s->get_executor();
  boost::asio::post(executor,
                    [s = std::move(s), res = std::move(res)]() mutable {
                      s->on_handled(std::move(res));
                    });
}

std::vector<std::shared_ptr<session>> pending_replies::close() {
  std::lock_guard<std::mutex> guard{mtx_};
  is_open_ = false;
  std::vector<std::shared_ptr<session>> result;
  result.reserve(held_.size());
  for (auto& entry : held_)
    result.push_back(std::move(entry.second));
  held_.clear();
  return result;
}

} // namespace eddy::web
