// The databases' HTTP client against a hand-driven server on 127.0.0.1:
// what it sends, its deadline, and how it handles kept-alive connections
// the server closes.
#include "connectors/databases/http_poster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "messages/error.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

// A listening socket whose connections a test accepts and answers by hand.
class hand_server {
public:
  hand_server() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 ||
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("hand_server: cannot listen on 127.0.0.1");
    port_ = ntohs(addr.sin_port);
  }

  ~hand_server() { ::close(fd_); }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

  int accept() const { return ::accept(fd_, nullptr, nullptr); }

private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// Reads one request with a body of `body_size` bytes; "" if the client
// closed first.
std::string read_request(int fd, size_t body_size = 0) {
  std::string got;
  char chunk[4096];
  for (;;) {
    auto head_end = got.find("\r\n\r\n");
    if (head_end != std::string::npos && got.size() >= head_end + 4 + body_size)
      return got;
    auto n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0)
      return "";
    got.append(chunk, static_cast<size_t>(n));
  }
}

void answer_ok(int fd) {
  std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  CHECK(::write(fd, reply.data(), reply.size()) ==
        static_cast<ssize_t>(reply.size()));
}

http_poster make_poster(const std::string& url) {
  http_poster_options opts;
  opts.url = url;
  opts.io_timeout = 5s;
  auto poster = http_poster::make(opts);
  REQUIRE(poster);
  return std::move(*poster);
}

} // namespace

TEST_CASE("an HTTP POST sends its path after the base path, its query, "
          "basic auth and body") {
  hand_server server;
  std::string request;
  std::thread serve{[&] {
    int fd = server.accept();
    request = read_request(fd, 5);
    answer_ok(fd);
    ::close(fd);
  }};
  http_poster_options opts;
  opts.url = server.url() + "/influx/";
  opts.basic_auth = http_credentials{"eddy", "secret"};
  auto poster = http_poster::make(opts);
  REQUIRE(poster);
  auto reply = poster->post("/write", "db=x&precision=ms", "a v=1");
  serve.join();
  REQUIRE(reply);
  CHECK(reply->status == 200);
  CHECK(reply->body == "ok");
  CHECK(request.rfind("POST /influx/write?db=x&precision=ms HTTP/1.1\r\n", 0) ==
        0);
  CHECK(request.find("Authorization: Basic ZWRkeTpzZWNyZXQ=\r\n") !=
        std::string::npos);
  CHECK(request.find("\r\n\r\na v=1") != std::string::npos);
}

TEST_CASE("an HTTP request to a server that never answers fails after the "
          "I/O timeout, naming the URL") {
  hand_server server; // listens, so connecting succeeds, but never answers
  http_poster_options opts;
  opts.url = server.url();
  opts.io_timeout = 200ms;
  auto poster = http_poster::make(opts);
  REQUIRE(poster);
  auto reply = poster->get("/ping");
  REQUIRE_FALSE(reply);
  CHECK(reply.error() == ec::connector_failure);
  CHECK(describe(reply.error()) ==
        "connector_failure: " + server.url() +
            ": cannot read the reply: timed out after 200 ms");
}

TEST_CASE("a kept-alive HTTP connection the server closed while idle is "
          "reopened for the next request") {
  hand_server server;
  std::atomic<bool> closed_first{false};
  std::thread serve{[&] {
    for (int i = 0; i < 2; ++i) {
      int fd = server.accept();
      read_request(fd);
      answer_ok(fd);
      ::close(fd);
      closed_first = true;
    }
  }};
  auto poster = make_poster(server.url());
  CHECK(poster.get("/"));
  while (!closed_first)
    std::this_thread::sleep_for(1ms);
  CHECK(poster.get("/"));
  serve.join();
  CHECK(poster.connections_opened() == 2);
}

TEST_CASE("a request a kept-alive HTTP connection lost before any reply "
          "is sent again on a new connection") {
  hand_server server;
  std::thread serve{[&] {
    int first = server.accept();
    read_request(first);
    answer_ok(first);
    read_request(first);
    ::close(first); // as a server does that closes just as a request comes
    int second = server.accept();
    read_request(second);
    answer_ok(second);
    ::close(second);
  }};
  auto poster = make_poster(server.url());
  CHECK(poster.get("/"));
  auto again = poster.get("/");
  serve.join();
  CHECK(again);
  CHECK(poster.connections_opened() == 2);
}

TEST_CASE("a new HTTP connection lost before any reply fails the request "
          "without sending it again") {
  hand_server server;
  std::thread serve{[&] {
    int fd = server.accept();
    read_request(fd);
    ::close(fd);
  }};
  auto poster = make_poster(server.url());
  auto reply = poster.get("/");
  serve.join();
  REQUIRE_FALSE(reply);
  CHECK(describe(reply.error())
            .find(server.url() + ": cannot read the reply: ") !=
        std::string::npos);
  CHECK(poster.connections_opened() == 1);
}

} // namespace eddy::test
