// Sends requests about keys this process does not own to the process that
// does, over HTTP, on a few threads of its own, so that the HTTP server's
// threads never wait for another process.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "caf/expected.hpp"

#include "connectors/databases/http_poster.hpp"

namespace eddy {

struct request_forwarder_options {
  /// Named in the header every forwarded request carries
  /// (forwarded_by_header): its receiver answers it itself.
  std::string instance;
  /// Longest wait for an owner's connection, and again for its answer.
  std::chrono::milliseconds timeout{2000};
  /// Requests forwarded at once; more wait for a thread.
  size_t threads = 4;
};

/// A request to pass on as it came: method, origin-form target, body.
struct forwarded_request {
  std::string method;
  std::string target;
  std::string body;
};

class request_forwarder {
public:
  explicit request_forwarder(request_forwarder_options options);

  /// Waits for the requests under way.
  ~request_forwarder();

  /// Sends `req` to the process at `url` (http://host:port) on one of its
  /// threads, reusing kept-alive connections, and calls `done` there with
  /// the owner's reply (any status), or with ec::unavailable naming the
  /// owner and why it could not be asked (refused, timed out, ...).
  void forward(std::string url, forwarded_request req,
               std::function<void(caf::expected<http_reply>)> done);

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace eddy
