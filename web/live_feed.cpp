// Publishes the job reports to the live sessions; see live_feed.hpp.
#include "web/live_feed.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>

#include "messages/error.hpp"
#include "messages/log.hpp"
#include "runtime/job_registry.hpp"
#include "web/json_bodies.hpp"
#include "web/live_session.hpp"

namespace eddy::web {

namespace net = boost::asio;
using nlohmann::json;

namespace {

live_message message_of(const json& body) {
  return std::make_shared<const std::string>(dump_body(body));
}

} // namespace

live_feed::live_feed(net::io_context& ioc, job_registry& jobs,
                     std::chrono::milliseconds interval)
    : strand_(net::make_strand(ioc)), timer_(strand_), jobs_(jobs),
      interval_(interval) {}

void live_feed::start() {
  net::post(strand_, [self = shared_from_this()] { self->ask(); });
}

void live_feed::subscribe(std::weak_ptr<live_session> session) {
  net::post(strand_, [self = shared_from_this(), session] {
    if (auto live = session.lock(); live && !self->last_.is_null())
      live->send(self->snapshot());
    self->sessions_.push_back(session);
  });
}

void live_feed::close() {
  std::lock_guard guard{gate_->mutex};
  gate_->closed = true;
}

void live_feed::ask() {
  jobs_.jobs([gate = gate_, weak = weak_from_this()](
                 caf::expected<std::vector<job_status>> jobs) {
    // After close() the io_context may be gone: nothing may be posted, and
    // the feed, whose timer belongs to it, must not die here. Before close()
    // the gate holds close() off until `self` is released.
    std::lock_guard guard{gate->mutex};
    if (gate->closed)
      return;
    auto self = weak.lock();
    if (!self)
      return;
    if (!jobs) {
      // The next round asks again.
      log::warn("", "live feed",
                "no job reports this round: " + describe(jobs.error()));
      net::post(self->strand_, [self] { self->schedule_next(); });
      return;
    }
    net::post(self->strand_, [self, reports = jobs_document(*jobs)]() mutable {
      self->publish(std::move(reports));
    });
  });
}

void live_feed::publish(json reports) {
  auto is_first = last_.is_null();
  // Diffs and snapshots of a thousand partitions cost: only sessions that
  // are there get them.
  if (!is_first && !sessions_.empty())
    send_all(
        message_of({{"type", "delta"}, {"patch", json::diff(last_, reports)}}));
  last_ = std::move(reports);
  snapshot_.reset();
  // Sessions that came before the first reports get them as a snapshot.
  if (is_first && !sessions_.empty())
    send_all(snapshot());
  schedule_next();
}

live_message live_feed::snapshot() {
  if (!snapshot_)
    snapshot_ = message_of({{"type", "snapshot"}, {"status", last_}});
  return snapshot_;
}

void live_feed::send_all(const live_message& message) {
  std::erase_if(sessions_, [&](const std::weak_ptr<live_session>& weak) {
    auto session = weak.lock();
    if (session)
      session->send(message);
    return !session;
  });
}

void live_feed::schedule_next() {
  timer_.expires_after(interval_);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec)
      self->ask();
  });
}

} // namespace eddy::web
