// Starts and stops the HTTP server: the io_context, its threads and the
// listener, and the order in which they must go away.
#include "web/http_server.hpp"

#include <limits>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "messages/error.hpp"
#include "web/admin_access.hpp"
#include "web/listener.hpp"
#include "web/live_feed.hpp"
#include "web/pending_replies.hpp"
#include "web/site_settings.hpp"
#include "web/static_dir.hpp"

namespace eddy::web {

struct http_server::state {
  std::string address;
  uint16_t port = 0;
  std::optional<boost::asio::io_context> ioc;
  // Keeps the io threads running while no socket waits: once a drain has
  // closed the listener, a reply still on its way needs them.
  std::optional<
      boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running;
  std::shared_ptr<pending_replies> pending;
  std::shared_ptr<live_feed> live;
  std::shared_ptr<listener> accept;
  std::shared_ptr<request_tracker> requests;
  std::vector<std::thread> threads;
  std::mutex stop_mtx; // makes concurrent stop() calls safe
};

caf::expected<std::unique_ptr<http_server>>
http_server::start(const server_options& options, job_registry& jobs,
                   route_table job_routes) {
  if (options.threads < 1)
    return make_error(ec::invalid_config,
                      "the HTTP server needs at least 1 thread, got " +
                          std::to_string(options.threads));
  if (options.body_limit == 0 || options.header_limit == 0 ||
      options.header_limit > std::numeric_limits<uint32_t>::max())
    return make_error(ec::invalid_config,
                      "the HTTP body limit must be positive and the header "
                      "limit between 1 and 4294967295 bytes");
  if (options.idle_timeout <= std::chrono::milliseconds{0} ||
      options.max_connections == 0)
    return make_error(ec::invalid_config,
                      "the HTTP idle timeout and connection cap must be "
                      "positive");
  if (options.live_interval <= std::chrono::milliseconds{0})
    return make_error(ec::invalid_config,
                      "the live feed's interval must be positive");
  auto s = std::make_unique<state>();
  s->address = options.address;
  s->ioc.emplace(options.threads);
  s->keep_running.emplace(s->ioc->get_executor());
  s->pending = std::make_shared<pending_replies>();
  s->live = std::make_shared<live_feed>(*s->ioc, jobs, options.live_interval);
  s->requests = std::make_shared<request_tracker>();
  session_settings settings{
      .jobs = &jobs,
      .job_routes = std::make_shared<const route_table>(std::move(job_routes)),
      .forward_keys =
          options.forward_keys
              ? std::make_shared<const key_forwarder>(options.forward_keys)
              : nullptr,
      .pending = s->pending,
      .header_limit = options.header_limit,
      .body_limit = options.body_limit,
      .idle_timeout = options.idle_timeout,
      .admin = std::make_shared<const admin_access>(
          admin_access{options.admin_token, options.fault_injection}),
      .live = s->live,
      .site = std::make_shared<const site_settings>(site_settings{
          .static_dir = options.static_dir.empty()
                            ? default_static_dir()
                            : std::filesystem::path{options.static_dir},
          .live_interval = options.live_interval}),
      .connections =
          std::make_shared<connection_limit>(options.max_connections),
      .origins = std::make_shared<const origin_policy>(options.allowed_origins),
      .requests = s->requests};
  auto accept = listener::make(*s->ioc, options.address, options.port,
                               std::move(settings));
  if (!accept)
    return std::move(accept.error());
  s->port = (*accept)->port();
  s->accept = *accept;
  (*accept)->run();
  s->live->start();
  try {
    for (int i = 0; i < options.threads; ++i)
      s->threads.emplace_back([ioc = &*s->ioc] { ioc->run(); });
  } catch (const std::system_error& e) {
    // Joins the threads that did start before the io_context goes away.
    http_server partial{std::move(s)};
    return make_error(ec::connector_failure,
                      std::string{"cannot start the HTTP threads: "} +
                          e.what());
  }
  return std::unique_ptr<http_server>{new http_server(std::move(s))};
}

http_server::http_server(std::unique_ptr<state> s) : state_(std::move(s)) {}

http_server::~http_server() {
  stop();
}

uint16_t http_server::port() const {
  return state_->port;
}

std::string http_server::url() const {
  auto host = state_->address;
  if (host == "0.0.0.0")
    host = "127.0.0.1";
  else if (host == "::")
    host = "::1";
  if (host.find(':') != std::string::npos)
    host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(state_->port) + "/";
}

size_t http_server::requests_in_flight() const {
  return state_->requests->in_flight();
}

bool http_server::drain(std::chrono::milliseconds grace) {
  if (!state_->accept)
    return true; // stopped already
  state_->requests->start_draining();
  state_->accept->close();
  auto deadline = std::chrono::steady_clock::now() + grace;
  // Polled: a shutdown waits once, and answers take milliseconds.
  while (state_->requests->in_flight() > 0) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

void http_server::stop() {
  std::lock_guard<std::mutex> guard{state_->stop_mtx};
  if (!state_->ioc)
    return;
  // The order matters: no reply may reach the io_context once it stops,
  // and every session must die before it, since their sockets use it.
  state_->live->close();
  auto waiting = state_->pending->close();
  state_->keep_running.reset();
  state_->ioc->stop();
  for (auto& thread : state_->threads)
    thread.join();
  state_->threads.clear();
  waiting.clear();
  // The feed's timer and strand must not outlive the io_context: from here
  // only pending handlers and sessions hold the feed.
  state_->live.reset();
  state_->accept.reset();
  // Destroys the pending handlers and with them the listener, all
  // remaining sessions and the feed, which closes every socket.
  state_->ioc.reset();
}

} // namespace eddy::web
