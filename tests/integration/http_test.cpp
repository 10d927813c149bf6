// The HTTP front end to end: a real server on a free port, a real Beast
// client, and an in-memory inventory behind them.
#include "web/http_server.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/error.hpp"
#include "tests/support/http_fixture.hpp"
#include "tests/support/json_reply.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace eddy::test {

namespace {

/// A running job called `name` with nothing to report yet.
job_status job_named(std::string name) {
  job_status job;
  job.name = std::move(name);
  job.state = run_state::running;
  job.delivery = "at-least-once";
  return job;
}

checkpoint_status checkpoint(int64_t id, checkpoint_kind kind,
                             checkpoint_outcome outcome, std::string reason) {
  checkpoint_status c;
  c.id = id;
  c.kind = kind;
  c.outcome = outcome;
  c.reason = std::move(reason);
  return c;
}

source_offset position(int32_t partition, int64_t offset) {
  source_offset at;
  at.source = "kafka transaction.log.1";
  at.partition = partition;
  at.offset = offset;
  return at;
}

/// The job "inventory" after a savepoint and then a failed checkpoint.
/// checkpoints_json is how the HTTP API shows them.
job_status checkpointed_job() {
  auto job = job_named("inventory");
  job.delivery = "exactly-once";
  job.partitions.resize(1);
  job.partitions[0].state = run_state::running;
  auto failed =
      checkpoint(8, checkpoint_kind::checkpoint, checkpoint_outcome::failed,
                 "partition 1 is restarting");
  failed.started_ms = 1700000001000;
  failed.duration_ms = 0.25;
  auto savepoint = checkpoint(7, checkpoint_kind::savepoint,
                              checkpoint_outcome::completed, "");
  savepoint.started_ms = 1700000000000;
  savepoint.duration_ms = 12.5;
  savepoint.bytes = 4096;
  savepoint.positions = {position(0, 41), position(3, 9000000000)};
  savepoint.path = "/savepoints/inventory-7";
  job.checkpoints = {failed, savepoint};
  return job;
}

const json checkpoints_json = json::parse(R"([
  {"id":8,"kind":"checkpoint","outcome":"failed",
   "reason":"partition 1 is restarting","startedMs":1700000001000,
   "durationMs":0.25,"bytes":0,"positions":[],"path":""},
  {"id":7,"kind":"savepoint","outcome":"completed","reason":"",
   "startedMs":1700000000000,"durationMs":12.5,"bytes":4096,
   "positions":[
     {"source":"kafka transaction.log.1","partition":0,"offset":41},
     {"source":"kafka transaction.log.1","partition":3,"offset":9000000000}],
   "path":"/savepoints/inventory-7"}])");

std::string transaction(const std::string& quantity,
                        const std::string& item_id = "item_1") {
  return R"({"transactionId":1,"ts":2,"itemId":")" + item_id +
         R"(","quantity":)" + quantity + "}";
}

} // namespace

// -- health and stock of one item ------------------------------------------

TEST_CASE_FIXTURE(http_fixture, "the health check answers ok") {
  auto reply = client.get("/healthz");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"status", "ok"}});
}

TEST_CASE_FIXTURE(http_fixture, "every answer is JSON") {
  CHECK(client.get("/healthz").headers["Content-Type"] == "application/json");
  CHECK(client.get("/nowhere").headers["Content-Type"] == "application/json");
}

TEST_CASE_FIXTURE(http_fixture, "the stock of a known item is answered") {
  auto reply = client.get("/v1/items/item_2");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"itemId", "item_2"}, {"quantity", 10665}});
}

TEST_CASE_FIXTURE(http_fixture, "an unknown item is answered with 404") {
  auto reply = client.get("/v1/items/item_9");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_item", "item_9"));
}

TEST_CASE_FIXTURE(http_fixture, "the item id in the path is percent-decoded") {
  inventory.set_stock("crate 7/b", 7);
  auto reply = client.get("/v1/items/crate%207%2Fb");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"itemId", "crate 7/b"}, {"quantity", 7}});
}

TEST_CASE_FIXTURE(http_fixture, "an empty item id is rejected with 400") {
  auto reply = client.get("/v1/items/");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_item_id", "empty"));
}

TEST_CASE_FIXTURE(http_fixture, "a badly percent-encoded item id is rejected") {
  auto reply = client.get("/v1/items/item%2");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_item_id", "percent-encoding"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a read while the inventory is unavailable answers 503 "
                  "with Retry-After") {
  inventory.fail_with(ec::unavailable);
  auto reply = client.get("/v1/items/item_1");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
  CHECK(is_error(reply, "unavailable", "item_1"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a read that times out answers 503 with Retry-After") {
  inventory.fail_with(ec::timeout);
  auto reply = client.get("/v1/items/item_1");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
  CHECK(is_error(reply, "timeout"));
}

// -- stock of several items -------------------------------------------------

TEST_CASE_FIXTURE(http_fixture,
                  "a batch read lists found items in request order and the "
                  "unknown ones as missing") {
  auto reply = client.get("/v1/items?ids=item_2,item_9,item_1");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"items",
                                {{{"itemId", "item_2"}, {"quantity", 10665}},
                                 {{"itemId", "item_1"}, {"quantity", 100}}}},
                               {"missing", {"item_9"}}});
}

TEST_CASE_FIXTURE(http_fixture, "a batch read without ids is rejected") {
  auto reply = client.get("/v1/items");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_ids", "ids"));
}

TEST_CASE_FIXTURE(http_fixture, "a batch read with empty ids is rejected") {
  auto reply = client.get("/v1/items?ids=");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_ids", "ids"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a batch read of more than 1000 ids is rejected") {
  std::string ids;
  for (int i = 0; i <= 1000; ++i)
    ids += (i == 0 ? "" : ",") + std::to_string(i);
  auto reply = client.get("/v1/items?ids=" + ids);
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_ids", "1000"));
}

TEST_CASE_FIXTURE(http_fixture, "a batch read of 1000 ids is answered") {
  std::string ids;
  for (int i = 0; i < 1000; ++i)
    ids += (i == 0 ? "" : ",") + std::to_string(i);
  auto reply = client.get("/v1/items?ids=" + ids);
  CHECK(reply.status == 200);
  CHECK(body_of(reply)["missing"].size() == 1000);
}

TEST_CASE_FIXTURE(http_fixture,
                  "a batch read while the inventory is unavailable answers "
                  "503") {
  inventory.fail_with(ec::unavailable);
  auto reply = client.get("/v1/items?ids=item_1,item_2");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
}

// -- transactions -----------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction that keeps the stock non-negative "
                  "succeeds") {
  auto reply = client.post("/v1/transactions", transaction("-100"));
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"transactionId", 1},
                               {"ts", 2},
                               {"itemId", "item_1"},
                               {"quantity", -100},
                               {"success", true}});
}

TEST_CASE_FIXTURE(http_fixture,
                  "a purchase that would make the stock negative is "
                  "answered with success false") {
  auto reply = client.post("/v1/transactions", transaction("-101"));
  CHECK(reply.status == 200);
  CHECK(body_of(reply)["success"] == false);
}

TEST_CASE_FIXTURE(http_fixture, "an applied transaction changes the stock") {
  client.post("/v1/transactions", transaction("25"));
  CHECK(body_of(client.get("/v1/items/item_1"))["quantity"] == 125);
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction body that is not JSON is rejected naming "
                  "the byte position") {
  auto reply = client.post("/v1/transactions", R"({"transactionId":1,)");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "byte 20"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction without a quantity is rejected naming it") {
  auto reply = client.post("/v1/transactions",
                           R"({"transactionId":1,"ts":2,"itemId":"item_1"})");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "missing field 'quantity'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction with a text quantity is rejected naming "
                  "the field") {
  auto reply = client.post("/v1/transactions", transaction(R"("abc")"));
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "'quantity'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction with a fractional quantity is rejected "
                  "naming the field") {
  auto reply = client.post("/v1/transactions", transaction("1.5"));
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "'quantity'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction with a quantity beyond 32 bits is rejected "
                  "naming the field") {
  auto reply = client.post("/v1/transactions", transaction("2147483648"));
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "'quantity'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction with an empty item id is rejected") {
  auto reply = client.post("/v1/transactions", transaction("1", ""));
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_transaction", "'itemId'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction body over the limit is answered with 413 "
                  "and the connection is closed") {
  auto padding = std::string(70'000, ' ');
  auto reply = client.post("/v1/transactions", transaction("1") + padding);
  CHECK(reply.status == 413);
  CHECK(is_error(reply, "payload_too_large", "65536"));
  CHECK(reply.headers["Connection"] == "close");
  CHECK(client.is_closed_by_server(2s));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a transaction while the inventory is unavailable answers "
                  "503 with Retry-After") {
  inventory.fail_with(ec::unavailable);
  auto reply = client.post("/v1/transactions", transaction("1"));
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
}

// -- jobs -------------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture, "jobs are reported with their partitions") {
  auto reply = client.get("/v1/jobs");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) ==
        json::parse(R"({"jobs":[{"name":"inventory","state":"running",
          "failure":"","delivery":"at-least-once",
          "graph":{"nodes":[],"edges":[]},
          "partitions":[{"id":0,"actor":"partition/0","state":"running",
          "recordsProcessed":123,"restarts":0,"lastRestartReason":"",
          "recordsIn":0,"recordsOut":0,"mailbox":0,"activity":"idle",
          "busyPercent":0.0,"backpressuredPercent":0.0}],
          "windows":[],"sources":[],"sinks":[],
          "checkpoints":[],"rates":[],"figures":[]}]})"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "the job report lists checkpoints with the positions they "
                  "cover") {
  inventory.set_jobs({checkpointed_job()});
  auto reply = client.get("/v1/jobs");
  CHECK(reply.status == 200);
  CHECK(body_of(reply)["jobs"][0]["checkpoints"] == checkpoints_json);
}

TEST_CASE_FIXTURE(http_fixture, "a failed job is reported with the reason") {
  auto failed = job_named("inventory");
  failed.state = run_state::failed;
  failed.failure = "partition 2 failed 10 times";
  failed.delivery = "exactly-once";
  inventory.set_jobs({failed});
  auto job = body_of(client.get("/v1/jobs"))["jobs"][0];
  CHECK(job["state"] == "failed");
  CHECK(job["failure"] == "partition 2 failed 10 times");
  CHECK(job["delivery"] == "exactly-once");
}

TEST_CASE_FIXTURE(http_fixture,
                  "one job is reported by name with its checkpoints") {
  inventory.set_jobs({job_named("other"), checkpointed_job()});
  auto reply = client.get("/v1/jobs/inventory");
  CHECK(reply.status == 200);
  auto job = body_of(reply);
  CHECK(job["name"] == "inventory");
  CHECK(job["state"] == "running");
  CHECK(job["failure"] == "");
  CHECK(job["delivery"] == "exactly-once");
  CHECK(job["partitions"].size() == 1);
  CHECK(job["sources"] == json::array());
  CHECK(job["sinks"] == json::array());
  CHECK(job["checkpoints"] == checkpoints_json);
}

TEST_CASE_FIXTURE(http_fixture,
                  "a job report is the same alone as in the list of jobs") {
  auto one = body_of(client.get("/v1/jobs/inventory"));
  CHECK(one == body_of(client.get("/v1/jobs"))["jobs"][0]);
}

TEST_CASE_FIXTURE(http_fixture, "the job name in the path is percent-decoded") {
  inventory.set_jobs({job_named("stock take")});
  auto reply = client.get("/v1/jobs/stock%20take");
  CHECK(reply.status == 200);
  CHECK(body_of(reply)["name"] == "stock take");
}

TEST_CASE_FIXTURE(http_fixture,
                  "an unknown job is answered with 404 naming the known "
                  "ones") {
  auto reply = client.get("/v1/jobs/nope");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_job", "'nope'"));
  CHECK(is_error(reply, "unknown_job", "inventory"));
}

TEST_CASE_FIXTURE(http_fixture, "a badly encoded job name is rejected") {
  auto reply = client.get("/v1/jobs/inv%2");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_job_name", "percent-encoding"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "the report of one job while the inventory is unavailable "
                  "answers 503") {
  inventory.fail_with(ec::unavailable);
  auto reply = client.get("/v1/jobs/inventory");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
}

TEST_CASE_FIXTURE(http_fixture,
                  "posting to a job is answered with 405 and Allow GET") {
  auto reply = client.post("/v1/jobs/inventory", "");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "GET, HEAD");
}

TEST_CASE_FIXTURE(http_fixture,
                  "paths below a job that name nothing are answered with "
                  "404") {
  for (auto path : {"/v1/jobs/", "/v1/jobs/inventory/", "/v1/jobs//savepoints",
                    "/v1/jobs/inventory/partitions/0",
                    "/v1/jobs/inventory/partitions/0/stall",
                    "/v1/jobs/inventory/sinks/0/crash/now"}) {
    CAPTURE(path);
    auto reply = client.post(path, "");
    CHECK(reply.status == 404);
    CHECK(is_error(reply, "not_found", path));
  }
}

// -- keyed state ------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture,
                  "the state of a key is answered as the job renders it") {
  auto reply = client.get("/v1/jobs/inventory/state/item_2");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"key", "item_2"}, {"value", 10665}});
}

TEST_CASE_FIXTURE(http_fixture, "the key in a state path is percent-decoded") {
  inventory.set_stock("crate 7/b", 3);
  auto reply = client.get("/v1/jobs/inventory/state/crate%207%2Fb");
  CHECK(reply.status == 200);
  CHECK(body_of(reply)["value"] == 3);
}

TEST_CASE_FIXTURE(http_fixture,
                  "the state of a key the job never saw is answered with 404") {
  auto reply = client.get("/v1/jobs/inventory/state/nope");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_key", "'nope'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "the state of a key of an unknown job is answered with 404 "
                  "unknown_job") {
  auto reply = client.get("/v1/jobs/nope/state/item_1");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_job", "'nope'"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "the state of a key while its partition restarts answers "
                  "503 with Retry-After") {
  inventory.fail_with(ec::unavailable);
  auto reply = client.get("/v1/jobs/inventory/state/item_1");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
}

TEST_CASE_FIXTURE(http_fixture,
                  "a badly encoded key in a state path is rejected") {
  auto reply = client.get("/v1/jobs/inventory/state/item%2");
  CHECK(reply.status == 400);
  CHECK(is_error(reply, "invalid_key", "percent-encoding"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "posting to a key's state is answered with 405 and Allow "
                  "GET") {
  auto reply = client.post("/v1/jobs/inventory/state/item_1", "");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "GET, HEAD");
}

// -- routing ----------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture, "an unknown path is answered with 404") {
  auto reply = client.get("/v2/items/item_1");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "not_found", "/v2/items/item_1"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a known path with the wrong method is answered with 405 "
                  "and Allow") {
  auto reply = client.request("DELETE", "/v1/items/item_1");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "GET, HEAD");
  CHECK(is_error(reply, "method_not_allowed", "DELETE"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "reading transactions with GET is answered with 405 and "
                  "Allow POST") {
  auto reply = client.get("/v1/transactions");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "POST");
}

// -- connections ------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture,
                  "malformed HTTP closes the connection without an answer") {
  CHECK(client.send_raw("NOT HTTP AT ALL\r\n\r\n").empty());
}

TEST_CASE_FIXTURE(http_fixture,
                  "a keep-alive connection serves several requests") {
  CHECK(client.get("/healthz").status == 200);
  CHECK(client.get("/v1/items/item_1").status == 200);
  CHECK(client.post("/v1/transactions", transaction("1")).status == 200);
  CHECK(client.get("/v1/jobs").status == 200);
  CHECK(client.connections_opened() == 1);
}

TEST_CASE_FIXTURE(http_fixture,
                  "pipelined requests are answered in order on one "
                  "connection") {
  auto received = client.send_raw("GET /v1/items/item_1 HTTP/1.1\r\n"
                                  "Host: test\r\n\r\n"
                                  "GET /v1/items/item_2 HTTP/1.1\r\n"
                                  "Host: test\r\nConnection: close\r\n\r\n");
  auto first = received.find(R"("itemId":"item_1")");
  auto second = received.find(R"("itemId":"item_2")");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
}

TEST_CASE("an idle connection is closed after the idle timeout") {
  memory_inventory inventory;
  auto server = start_test_server(inventory, {.port = 0, .idle_timeout = 1s});
  http_client client{"127.0.0.1", server->port()};
  REQUIRE(client.get("/healthz").status == 200);
  CHECK(client.is_closed_by_server(5s));
}

TEST_CASE("a server with several io threads serves concurrent clients") {
  memory_inventory inventory;
  inventory.set_stock("item_1", 1);
  auto server = start_test_server(inventory, {.port = 0, .threads = 4});
  std::vector<int> ok_counts(8, 0);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < ok_counts.size(); ++i)
    clients.emplace_back([&, i] {
      http_client client{"127.0.0.1", server->port()};
      for (int n = 0; n < 25; ++n)
        ok_counts[i] += client.get("/v1/items/item_1").status == 200 ? 1 : 0;
    });
  for (auto& t : clients)
    t.join();
  CHECK(ok_counts == std::vector<int>(8, 25));
}

// -- the server's life cycle ------------------------------------------------

TEST_CASE_FIXTURE(http_fixture, "the server reports the port it bound") {
  CHECK(server->port() != 0);
  CHECK(server->url() ==
        "http://127.0.0.1:" + std::to_string(server->port()) + "/");
}

TEST_CASE_FIXTURE(http_fixture,
                  "a second server on a port in use fails naming it") {
  auto second = web::http_server::start({.port = server->port()}, inventory);
  REQUIRE_FALSE(second);
  CHECK(describe(second.error()) ==
        "connector_failure: cannot listen on 127.0.0.1:" +
            std::to_string(server->port()) + " (bind): Address already in use");
}

TEST_CASE_FIXTURE(http_fixture, "stopping the server twice is harmless") {
  server->stop();
  server->stop();
  CHECK_THROWS(connect().get("/healthz"));
}

TEST_CASE_FIXTURE(http_fixture,
                  "a reply that arrives after the server stopped is "
                  "dropped") {
  inventory.pause();
  auto has_failed = false;
  std::thread waiting_client{[this, &has_failed] {
    auto other = connect();
    try {
      other.get("/v1/jobs");
    } catch (const std::runtime_error&) {
      has_failed = true; // the server went away mid-request
    }
  }};
  while (inventory.pending_calls() == 0)
    std::this_thread::sleep_for(1ms);
  server->stop();
  waiting_client.join();
  CHECK(has_failed);
  // The reply now finds no server; it must not touch the closed session.
  inventory.resume();
  while (inventory.pending_calls() > 0)
    std::this_thread::sleep_for(1ms);
}

} // namespace eddy::test
