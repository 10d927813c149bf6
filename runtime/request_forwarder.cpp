// A thread pool and, per owner, the connections idle between requests.
#include "runtime/request_forwarder.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "messages/cluster_status.hpp"
#include "messages/error.hpp"

namespace eddy {

struct request_forwarder::state {
  request_forwarder_options options;
  boost::asio::thread_pool pool;
  std::mutex mtx;
  std::multimap<std::string, http_poster> idle; // by url, guarded by mtx

  explicit state(request_forwarder_options opts)
      : options(std::move(opts)), pool(options.threads) {}

  // An idle connection to `url`, or a new one.
  caf::expected<http_poster> take(const std::string& url) {
    {
      std::lock_guard guard{mtx};
      if (auto at = idle.find(url); at != idle.end()) {
        auto poster = std::move(at->second);
        idle.erase(at);
        return poster;
      }
    }
    http_poster_options opts;
    opts.url = url;
    opts.connect_timeout = options.timeout;
    opts.io_timeout = options.timeout;
    opts.content_type = "application/json";
    opts.headers.emplace_back(forwarded_by_header, options.instance);
    return http_poster::make(std::move(opts));
  }

  void give_back(const std::string& url, http_poster poster) {
    std::lock_guard guard{mtx};
    idle.emplace(url, std::move(poster));
  }

  caf::expected<http_reply> exchange(const std::string& url,
                                     const forwarded_request& req) {
    auto poster = take(url);
    if (!poster)
      return poster.error();
    auto question = req.target.find('?');
    auto path = std::string_view{req.target}.substr(0, question);
    auto query = question == std::string::npos
                     ? std::string_view{}
                     : std::string_view{req.target}.substr(question + 1);
    auto reply = req.method == "POST" ? poster->post(path, query, req.body)
                                      : poster->get(path, query);
    if (reply)
      give_back(url, std::move(*poster));
    return reply;
  }
};

request_forwarder::request_forwarder(request_forwarder_options options)
    : state_(std::make_unique<state>(std::move(options))) {}

request_forwarder::~request_forwarder() {
  state_->pool.join();
}

void request_forwarder::forward(
    std::string url, forwarded_request req,
    std::function<void(caf::expected<http_reply>)> done) {
  boost::asio::post(state_->pool, [s = state_.get(), url = std::move(url),
                                   req = std::move(req),
                                   done = std::move(done)] {
    auto reply = s->exchange(url, req);
    if (!reply)
      return done(make_error(ec::unavailable,
                             "its owner at " + url + " did not answer (" +
                                 context_of(reply.error()) + ")"));
    done(std::move(*reply));
  });
}

} // namespace eddy
