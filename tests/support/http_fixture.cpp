// Seeds the in-memory inventory and starts the server for HTTP tests.
#include "tests/support/http_fixture.hpp"

#include <stdexcept>
#include <utility>

#include "apps/inventory/inventory_routes.hpp"
#include "messages/error.hpp"

namespace eddy::test {

namespace {

/// Seeds `inventory` before the server starts, so the first request sees it.
memory_inventory& seeded(memory_inventory& inventory) {
  inventory.set_stock("item_1", 100);
  inventory.set_stock("item_2", 10665);
  inventory.set_jobs(
      {job_status{.name = "inventory",
                  .state = run_state::running,
                  .failure = "",
                  .delivery = "at-least-once",
                  .graph = {},
                  .partitions = {partition_status{.id = 0,
                                                  .state = run_state::running,
                                                  .records_processed = 123,
                                                  .restarts = 0,
                                                  .last_restart_reason = "",
                                                  .load = {}}},
                  .windows = {},
                  .sources = {},
                  .sinks = {},
                  .checkpoints = {},
                  .rates = {},
                  .figures = {}}});
  return inventory;
}

} // namespace

std::unique_ptr<web::http_server>
start_test_server(job_registry& jobs, inventory_service& service,
                  web::server_options options) {
  web::route_table routes;
  add_inventory_routes(routes, service);
  auto server = web::http_server::start(options, jobs, std::move(routes));
  if (!server)
    throw std::runtime_error("cannot start the HTTP server: " +
                             describe(server.error()));
  return std::move(*server);
}

std::unique_ptr<web::http_server>
start_test_server(memory_inventory& inventory, web::server_options options) {
  return start_test_server(inventory, inventory, std::move(options));
}

http_fixture::http_fixture() : http_fixture(web::server_options{.port = 0}) {}

http_fixture::http_fixture(web::server_options options)
    : server(start_test_server(seeded(inventory), std::move(options))),
      client("127.0.0.1", server->port()) {}

http_client http_fixture::connect() const {
  return http_client{"127.0.0.1", server->port()};
}

} // namespace eddy::test
