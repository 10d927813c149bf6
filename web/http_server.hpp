// The HTTP front of Eddy: a Beast server that answers the JSON API (see
// routes.hpp) for the jobs of a job_registry, plus the routes the jobs add.
// Beast stays out of this header.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "web/key_forwarding.hpp"
#include "web/route_table.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

struct server_options {
  /// The IP address to listen on; "0.0.0.0" listens on every interface.
  std::string address = "127.0.0.1";
  /// The TCP port; 0 lets the OS pick a free one (see http_server::port).
  uint16_t port = 8080;
  /// The largest request body accepted; a larger one is answered with 413.
  size_t body_limit = 65536;
  /// The largest request line plus header fields accepted, enough for a
  /// batch read of max_batch_ids ids; a larger one is answered with 431.
  /// At most 2^32 - 1 (Beast's parser counts it in 32 bits).
  size_t header_limit = 65536;
  /// How long a connection may be idle, or take to send a request or read a
  /// response, before the server closes it.
  std::chrono::milliseconds idle_timeout{30000};
  /// Connections open at once (WebSocket clients included); one more is
  /// closed at once.
  size_t max_connections = 4096;
  /// How many threads run the server's I/O; at least 1.
  int threads = 1;
  /// The bearer token the admin endpoints (savepoints, fault injection)
  /// require; empty turns them off, and they answer 403.
  std::string admin_token = {};
  /// Whether the fault injection endpoints exist (they also need
  /// admin_token); off, they answer 404.
  bool fault_injection = false;
  /// How often WS /v1/live clients get what changed in the job reports.
  std::chrono::milliseconds live_interval{1000};
  /// Origins besides the server's own whose pages may write and follow the
  /// live feed, and read answers (CORS); see origin_policy.hpp.
  std::vector<std::string> allowed_origins = {};
  /// The directory of the built dashboard that GET / and GET /static/...
  /// serve; empty means default_static_dir() (next to the executable).
  std::string static_dir = {};
  /// In a cluster: answers requests about keys other processes own (see
  /// key_forwarding.hpp); empty, this process answers every request.
  key_forwarder forward_keys = {};
};

class http_server {
public:
  /// Listens on options.address:options.port and serves requests from
  /// `options.threads` new threads until stop(): the API of `jobs` (which
  /// must outlive the server) and `job_routes`. Fails with ec::invalid_config
  /// for bad options and with ec::connector_failure naming address:port when it
  /// cannot listen there (e.g. the port is in use).
  [[nodiscard]] static caf::expected<std::unique_ptr<http_server>>
  start(const server_options& options, job_registry& jobs,
        route_table job_routes = {});

  /// Calls stop().
  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// The port the server listens on, also when it was started with port 0.
  uint16_t port() const;

  /// The base URL, e.g. "http://127.0.0.1:8080/"; a wildcard address is
  /// given as the loopback address, which reaches it.
  std::string url() const;

  /// Stops accepting connections (they are refused from now on), closes
  /// each kept-alive one after its next answer, and waits up to `grace`
  /// for the requests in flight to be answered and written: what a
  /// shutdown does before stop(). False if some were still in flight.
  bool drain(std::chrono::milliseconds grace);

  /// Requests read but not yet answered.
  size_t requests_in_flight() const;

  /// Closes every connection and the listening socket, and joins the io
  /// threads. Replies of the service that arrive later are dropped.
  /// Idempotent; must not be called from a request handler.
  void stop();

private:
  struct state;

  explicit http_server(std::unique_ptr<state> s);

  std::unique_ptr<state> state_;
};

} // namespace eddy::web
