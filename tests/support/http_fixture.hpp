// A real HTTP server on a free 127.0.0.1 port in front of an inventory, and
// a client connected to it: the fixture of the HTTP integration tests.
#pragma once

#include <memory>

#include "tests/support/http_client.hpp"
#include "tests/support/memory_inventory.hpp"
#include "web/http_server.hpp"

namespace eddy::test {

/// Starts a server for `jobs`, with the inventory's routes answered by
/// `service`, and `options`, port 0 unless set otherwise. Throws
/// std::runtime_error naming the reason if it cannot.
std::unique_ptr<web::http_server>
start_test_server(job_registry& jobs, inventory_service& service,
                  web::server_options options = {.port = 0});

/// The same for an in-memory inventory, which is both.
std::unique_ptr<web::http_server>
start_test_server(memory_inventory& inventory,
                  web::server_options options = {.port = 0});

/// The inventory knows item_1 (stock 100) and item_2 (10665), and one job
/// "inventory" with partition 0 running. Swap memory_inventory for the real
/// inventory job here to run the same tests against it.
struct http_fixture {
  http_fixture();

  /// The same in front of a server started with `options` (e.g. an admin
  /// token); port 0 unless set otherwise.
  explicit http_fixture(web::server_options options);

  memory_inventory inventory;
  std::unique_ptr<web::http_server> server; // stops before inventory goes
  http_client client;

  /// A client with its own connection to the server.
  http_client connect() const;
};

} // namespace eddy::test
