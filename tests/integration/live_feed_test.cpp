// WS /v1/live against the real server with an in-memory service: clients
// get a snapshot and then JSON Patch deltas that track the job reports, and
// a client that stops reading is dropped while the others keep receiving.
#include <chrono>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_fixture.hpp"

using namespace eddy;
using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
using nlohmann::json;

namespace {

// A blocking WS /v1/live client. A small receive buffer makes a client that
// stops reading fill up soon.
class live_client {
public:
  live_client(uint16_t port, int receive_buffer = 0) : ws_(ioc_) {
    auto& socket = ws_.next_layer();
    socket.open(net::ip::tcp::v4());
    if (receive_buffer > 0)
      socket.set_option(net::socket_base::receive_buffer_size(receive_buffer));
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    ws_.handshake("127.0.0.1", "/v1/live");
  }

  // The next message, or what went wrong.
  std::pair<json, beast::error_code> next() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws_.read(buffer, ec);
    if (ec)
      return {json{}, ec};
    return {json::parse(beast::buffers_to_string(buffer.data())), ec};
  }

  // Reads messages, applying deltas to the snapshot, until `done` holds
  // for the reports or `limit` messages were read.
  json follow_until(const std::function<bool(const json&)>& done,
                    int limit = 500) {
    for (int i = 0; i < limit && !(status_.is_object() && done(status_)); ++i) {
      auto [message, error] = next();
      const beast::error_code& ec = error;
      REQUIRE_MESSAGE(!ec, ec.message());
      if (message["type"] == "snapshot")
        status_ = message["status"];
      else
        status_ = status_.patch(message["patch"]);
    }
    return status_;
  }

private:
  net::io_context ioc_;
  beast::websocket::stream<net::ip::tcp::socket> ws_;
  json status_;
};

job_status job_with(int partitions, uint64_t records) {
  job_status job;
  job.name = "inventory";
  job.state = run_state::running;
  for (int p = 0; p < partitions; ++p)
    job.partitions.push_back({p, run_state::running, records + p, 0, "", {}});
  return job;
}

uint64_t first_records(const json& status) {
  return status["jobs"][0]["partitions"][0]["recordsProcessed"];
}

web::server_options fast_feed() {
  web::server_options options;
  options.port = 0;
  options.live_interval = 20ms;
  return options;
}

} // namespace

TEST_CASE("two WS /v1/live clients follow the job reports: a snapshot, then "
          "deltas") {
  test::http_fixture fix{fast_feed()};
  fix.inventory.set_jobs({job_with(4, 10)});
  live_client a{fix.server->port()};
  live_client b{fix.server->port()};
  for (auto* client : {&a, &b}) {
    auto status =
        client->follow_until([](auto& s) { return first_records(s) == 10; });
    CHECK(status["jobs"][0]["partitions"].size() == 4);
  }
  fix.inventory.set_jobs({job_with(4, 99)});
  for (auto* client : {&a, &b}) {
    auto status =
        client->follow_until([](auto& s) { return first_records(s) == 99; });
    CHECK(first_records(status) == 99);
    CHECK(status["jobs"][0]["partitions"][3]["recordsProcessed"] == 102);
  }
}

TEST_CASE("a WS /v1/live client that stops reading is dropped while another "
          "keeps receiving") {
  test::http_fixture fix{fast_feed()};
  fix.inventory.set_jobs({job_with(200, 0)});
  live_client stalled{fix.server->port(), 4096};
  live_client reader{fix.server->port()};
  stalled.follow_until([](auto&) { return true; });
  // Every round changes all 200 counters: deltas of ~15 KB, 50 a second.
  uint64_t records = 1;
  auto grow = [&] { fix.inventory.set_jobs({job_with(200, records++)}); };
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < deadline) {
    grow();
    reader.follow_until(
        [&](auto& s) { return first_records(s) + 1 == records; });
  }
  // The stalled client reads what its buffers held, then finds the
  // connection closed; a client still served would read on and on.
  beast::error_code ended;
  for (int i = 0; i < 2000 && !ended; ++i) {
    grow();
    ended = stalled.next().second;
  }
  CHECK_MESSAGE(ended, "the stalled client was never dropped");
  for (int i = 0; i < 5; ++i) {
    grow();
    auto status = reader.follow_until(
        [&](auto& s) { return first_records(s) + 1 == records; });
    CHECK(first_records(status) + 1 == records);
  }
}

TEST_CASE("GET /v1/live without a WebSocket upgrade answers 426") {
  test::http_fixture fix;
  auto reply = fix.client.get("/v1/live");
  CHECK(reply.status == 426);
  CHECK(reply.headers["Upgrade"] == "websocket");
  CHECK(json::parse(reply.body)["error"] == "upgrade_required");
}
