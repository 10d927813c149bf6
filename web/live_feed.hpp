// Internal to web/: the data behind WS /v1/live. Once an interval it asks
// the jobs for their reports and sends every subscribed live session
// what changed: a "snapshot" message first, then "delta" messages holding a
// JSON Patch (RFC 6902) from the previous reports to the new ones.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

class live_session;

/// A message as every subscriber shares it.
using live_message = std::shared_ptr<const std::string>;

class live_feed : public std::enable_shared_from_this<live_feed> {
public:
  /// Publishes every `interval` on a strand of `ioc`; `jobs` must
  /// outlive the feed's close().
  live_feed(boost::asio::io_context& ioc, job_registry& jobs,
            std::chrono::milliseconds interval);

  /// Starts the first round.
  void start();

  /// Adds `session`, which gets the latest snapshot at once (if there is
  /// one yet) and every message after it. The feed holds it weakly.
  void subscribe(std::weak_ptr<live_session> session);

  /// Stops publishing; reports that arrive later are dropped. Call before
  /// the io_context stops. Thread-safe and idempotent.
  void close();

private:
  void ask();
  void publish(nlohmann::json reports);
  live_message snapshot();
  void send_all(const live_message& message);
  void schedule_next();

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  job_registry& jobs_;
  std::chrono::milliseconds interval_;
  // Shared with the jobs' callbacks, which may outlive the io_context:
  // they look at it before they touch the feed at all.
  struct close_gate {
    std::mutex mutex;
    bool closed = false;
  };
  std::shared_ptr<close_gate> gate_ = std::make_shared<close_gate>();
  // On the strand:
  std::vector<std::weak_ptr<live_session>> sessions_;
  nlohmann::json last_;   // the latest reports; null before the first
  live_message snapshot_; // a snapshot message of last_, made on demand
};

} // namespace eddy::web
