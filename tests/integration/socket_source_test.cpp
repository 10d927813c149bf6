// The seed's socket source: Eddy connects to a text server (as to
// `nc -lk 9999`), reads queries and transactions, and sends lines it cannot
// parse to the dead letters with the reason.
#include "connectors/line_source.hpp"

#include <boost/asio.hpp>
#include <doctest/doctest.h>

#include "tests/support/job_tester.hpp"

using namespace eddy;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// A line server like `nc -lk PORT` on a free loopback port.
struct line_server {
  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};

  uint16_t port() const { return acceptor.local_endpoint().port(); }

  tcp::socket accept() { return acceptor.accept(); }

  static void write(tcp::socket& peer, const std::string& text) {
    asio::write(peer, asio::buffer(text));
  }
};

test::job_tester::overrides socket_settings(const line_server& server) {
  return {{"socket.enabled", "true"},
          {"socket.port", std::to_string(server.port())}};
}

} // namespace

TEST_CASE("transactions and queries typed into the socket reach the job") {
  line_server server;
  test::job_tester tester{socket_settings(server)};
  auto peer = server.accept();
  line_server::write(peer, "1\t2\titem_1\t100\n123 item_1\n");
  auto result = tester.transaction_results->poll();
  REQUIRE(result);
  CHECK(*result == transaction_result{{1, 2, "item_1", 100}, true});
  auto answer = tester.query_results->poll();
  REQUIRE(answer);
  CHECK(*answer == query_result{123, {"item_1", 100}});
}

TEST_CASE("a malformed socket line goes to the dead letters with the reason "
          "and the job keeps going") {
  line_server server;
  test::job_tester tester{socket_settings(server)};
  auto peer = server.accept();
  line_server::write(peer, "1\t2\titem_1\tlots\n2\t3\titem_1\t5\n");
  auto letter = tester.dead_letters->poll();
  REQUIRE(letter);
  CHECK(letter->record == "1\t2\titem_1\tlots");
  CHECK(letter->reason.find("quantity") != std::string::npos);
  auto result = tester.transaction_results->poll();
  REQUIRE(result);
  CHECK(result->transaction.transaction_id == 2);
}

TEST_CASE("the socket source reconnects after the server closes") {
  line_server server;
  test::job_tester tester{socket_settings(server)};
  {
    auto peer = server.accept();
    line_server::write(peer, "1\t2\titem_1\t1\n");
  }
  REQUIRE(tester.transaction_results->poll());
  auto peer = server.accept();
  line_server::write(peer, "2\t3\titem_1\t2\n");
  auto result = tester.transaction_results->poll();
  REQUIRE(result);
  CHECK(result->transaction.transaction_id == 2);
}
