// The ClickHouse client against a real ClickHouse 18.16: statements over
// one kept-alive connection, reconnecting after a restart, ClickHouse's
// errors and authentication in the failures it reports.
#include "connectors/databases/clickhouse_client.hpp"

#include <string>

#include <doctest/doctest.h>

#include "connectors/databases/http_poster.hpp"
#include "messages/error.hpp"
#include "tests/support/clickhouse_server.hpp"
#include "tests/support/closed_port.hpp"
#include "tests/support/failure_text.hpp"

namespace eddy::test {

namespace {

// The text of `result`'s error, which must be ec::connector_failure.
template <class T>
std::string failure_of(const caf::expected<T>& result) {
  return failure_text(result, ec::connector_failure);
}

clickhouse_client connect(const std::string& url, std::string user = "default",
                          std::string password = "") {
  clickhouse_options opts;
  opts.url = url;
  opts.user = std::move(user);
  opts.password = std::move(password);
  auto client = clickhouse_client::make(opts);
  REQUIRE(client);
  return std::move(*client);
}

} // namespace

TEST_CASE("a ClickHouse client runs a statement and answers its rows") {
  clickhouse_server server;
  auto client = connect(server.url());
  auto rows = client.execute("SELECT number * 2 FROM system.numbers LIMIT 3");
  REQUIRE(rows);
  CHECK(*rows == "0\n2\n4\n");
}

TEST_CASE("a ClickHouse client sends its statements on one kept-alive "
          "connection") {
  clickhouse_server server;
  auto client = connect(server.url());
  for (int i = 0; i < 3; ++i)
    REQUIRE(client.execute("SELECT 1"));
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("a ClickHouse client reconnects by itself after the server "
          "restarted") {
  clickhouse_server server;
  auto client = connect(server.url());
  REQUIRE(client.execute("SELECT 1"));
  server.restart();
  auto rows = client.execute("SELECT 2");
  REQUIRE(rows);
  CHECK(*rows == "2\n");
  CHECK(client.connections_opened() == 2);
}

TEST_CASE("a ClickHouse error fails with the HTTP status and the first line "
          "of ClickHouse's message") {
  clickhouse_server server;
  auto client = connect(server.url());
  auto text = failure_of(client.execute("SELECT * FROM default.nothing"));
  CHECK(contains(text, "clickhouse " + server.url() + " answered HTTP 404: "));
  CHECK(contains(text, "Table default.nothing doesn't exist."));
  CHECK_FALSE(contains(text, "e.what()"));
  CHECK_FALSE(contains(text, "\n"));
}

TEST_CASE("a ClickHouse user is let in with the right password") {
  clickhouse_server server;
  auto client = connect(server.url(), std::string{clickhouse_server::user},
                        std::string{clickhouse_server::password});
  // 18.16 has no currentUser(): the running query shows who sent it.
  auto rows = client.execute("SELECT DISTINCT user FROM system.processes");
  REQUIRE(rows);
  CHECK(*rows == std::string{clickhouse_server::user} + "\n");
}

TEST_CASE("a wrong ClickHouse password fails saying the password is wrong") {
  clickhouse_server server;
  auto client =
      connect(server.url(), std::string{clickhouse_server::user}, "guessed");
  auto text = failure_of(client.execute("SELECT 1"));
  CHECK(contains(text, "answered HTTP 401"));
  CHECK(contains(text, "Wrong password for user eddy"));
}

TEST_CASE("ClickHouse takes basic auth from an http_poster too") {
  clickhouse_server server;
  http_poster_options opts;
  opts.url = server.url();
  opts.basic_auth = http_credentials{std::string{clickhouse_server::user},
                                     std::string{clickhouse_server::password}};
  auto poster = http_poster::make(opts);
  REQUIRE(poster);
  auto reply = poster->post(
      "/",
      "query=" + percent_encode("SELECT DISTINCT user FROM system.processes"),
      "");
  REQUIRE(reply);
  CHECK(reply->status == 200);
  CHECK(reply->body == std::string{clickhouse_server::user} + "\n");
}

TEST_CASE("a ClickHouse server that is not running fails a statement with "
          "connector_failure naming the URL") {
  closed_port port;
  auto url = "http://" + port.address();
  auto client = connect(url);
  auto text = failure_of(client.execute("SELECT 1"));
  CHECK(contains(text, url + ": cannot connect: Connection refused"));
}

TEST_CASE("a ClickHouse ping succeeds while the server runs and fails once "
          "it stopped") {
  clickhouse_server server;
  auto client = connect(server.url());
  CHECK(client.ping());
  server.stop();
  CHECK(contains(failure_of(client.ping()), server.url()));
}

} // namespace eddy::test
