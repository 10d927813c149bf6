// eddy-bench-http-baseline: the minimal Beast server eddy's HTTP reads are
// measured against. It answers every request with the same small JSON body,
// the size of an item's answer, and does nothing else: what is left of
// eddy's cost above it is routing, the engine and the reply's way back.
// Listens on 127.0.0.1 on a free port, prints "listening on
// http://127.0.0.1:PORT/" and serves until SIGTERM or SIGINT.
//
// It is the Beast example http_server_async with eddy's I/O structure: one
// io_context run by --threads threads (eddy's http.threads), one strand per
// connection, a stream timeout per read and write, keep-alive.
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

/// What GET /v1/items/item_500000 answers, give or take the quantity.
constexpr std::string_view item_body =
    R"({"itemId":"item_500000","quantity":100})";

/// eddy's default (web/http_server.hpp).
constexpr auto idle_timeout = std::chrono::seconds{30};

class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket&& socket) : stream_(std::move(socket)) {}

  void run() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&session::do_read, shared_from_this()));
  }

private:
  void do_read() {
    req_ = {};
    stream_.expires_after(idle_timeout);
    http::async_read(
        stream_, buffer_, req_,
        beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    // The client closed the connection, or it broke: either way this
    // session is done, and a benchmark server has no one to tell.
    if (ec)
      return do_close();
    res_ = {http::status::ok, req_.version()};
    res_.set(http::field::server, "baseline");
    res_.set(http::field::content_type, "application/json");
    res_.keep_alive(req_.keep_alive());
    res_.body() = item_body;
    res_.prepare_payload();
    stream_.expires_after(idle_timeout);
    http::async_write(
        stream_, res_,
        beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    if (ec)
      return;
    if (!res_.keep_alive())
      return do_close();
    do_read();
  }

  void do_close() {
    beast::error_code ignored; // the peer may be gone already
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

class listener : public std::enable_shared_from_this<listener> {
public:
  listener(net::io_context& ioc, tcp::acceptor&& acceptor)
      : ioc_(ioc), acceptor_(std::move(acceptor)) {}

  void do_accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!ec)
      std::make_shared<session>(std::move(socket))->run();
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
};

int threads_from(int argc, char** argv) {
  if (argc == 1)
    return 1;
  std::string_view value = argc == 3 ? argv[2] : "";
  int threads = 0;
  auto [end, err] =
      std::from_chars(value.data(), value.data() + value.size(), threads);
  if (std::string_view{argv[1]} != "--threads" || err != std::errc{} ||
      end != value.data() + value.size() || threads < 1)
    throw std::invalid_argument{"usage: eddy-bench-http-baseline "
                                "[--threads N]  (N >= 1, default 1)"};
  return threads;
}

} // namespace

int main(int argc, char** argv) {
  try {
    auto threads = threads_from(argc, argv);
    net::io_context ioc{threads};
    tcp::acceptor acceptor{ioc, {net::ip::make_address_v4("127.0.0.1"), 0}};
    auto port = acceptor.local_endpoint().port();
    std::make_shared<listener>(ioc, std::move(acceptor))->do_accept();
    net::signal_set stop_signals{ioc, SIGTERM, SIGINT};
    stop_signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::printf("listening on http://127.0.0.1:%u/\n", unsigned{port});
    std::fflush(stdout);
    std::vector<std::thread> others;
    for (int i = 1; i < threads; ++i)
      others.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& thread : others)
      thread.join();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eddy-bench-http-baseline: %s\n", e.what());
    return 1;
  }
}
