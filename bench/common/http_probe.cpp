// GET with Beast: asynchronous steps run to a deadline on a private
// io_context, so a server that accepts and then stalls cannot hang us.
#include "bench/common/http_probe.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace eddy::bench {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

http_answer http_get(uint16_t port, const std::string& target,
                     std::chrono::milliseconds timeout) {
  net::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  http::response<http::string_body> res;
  http_answer answer;
  // A failed step leaves `answer` at status 0: the caller only asks
  // whether eddy answered yet, so the reason does not matter here.
  stream.async_connect(
      tcp::endpoint{net::ip::make_address_v4("127.0.0.1"), port},
      [&](beast::error_code ec) {
        if (ec)
          return;
        http::async_write(stream, req, [&](beast::error_code ec, size_t) {
          if (ec)
            return;
          http::async_read(
              stream, buffer, res, [&](beast::error_code ec, size_t) {
                if (!ec)
                  answer = {res.result_int(), std::move(res.body())};
              });
        });
      });
  io.run_for(timeout);
  return answer;
}

} // namespace eddy::bench
