// The HTTP target of eddy-gen: posts transactions to Eddy's API on one
// kept-alive connection and fails on any answer other than 200.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "apps/eddy-gen/record_target.hpp"
#include "messages/error.hpp"
#include "messages/json_codec.hpp"

namespace eddy::gen {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

class http_writer final : public record_target {
public:
  http_writer(std::string host, std::string port)
      : host_(std::move(host)), port_(std::move(port)) {}

  caf::error write(const item_transaction& tx) override {
    body_.clear();
    format_json(tx, body_);
    return exchange(http::verb::post, "/v1/transactions", body_);
  }

  caf::error write(const query& q) override {
    return exchange(http::verb::get, "/v1/items/" + q.item_id, {});
  }

  caf::error write_record(std::string_view, std::string_view) override {
    return make_error(ec::invalid_config,
                      "--http takes the inventory's transactions only");
  }

  caf::error flush() override { return {}; }

private:
  caf::error exchange(http::verb verb, const std::string& target,
                      const std::string& body) {
    try {
      if (!stream_.socket().is_open()) {
        asio::ip::tcp::resolver resolver{io_};
        stream_.connect(resolver.resolve(host_, port_));
      }
      http::request<http::string_body> req{verb, target, 11};
      req.set(http::field::host, host_);
      req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      http::write(stream_, req);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      http::read(stream_, buffer, res);
      if (!res.keep_alive())
        stream_.close();
      // 404 answers a query for an item nobody stocked yet: not a failure.
      if (res.result() != http::status::ok &&
          !(verb == http::verb::get && res.result() == http::status::not_found))
        return make_error(ec::connector_failure,
                          "http://" + host_ + ":" + port_ + target +
                              " answered " + std::to_string(res.result_int()) +
                              ": " + res.body());
      return {};
    } catch (const boost::system::system_error& err) {
      stream_.close();
      return make_error(ec::connector_failure,
                        "http://" + host_ + ":" + port_ + ": " + err.what());
    }
  }

  std::string host_;
  std::string port_;
  asio::io_context io_;
  beast::tcp_stream stream_{io_};
  std::string body_;
};

} // namespace

caf::expected<std::unique_ptr<record_target>>
http_target(const std::string& host_port) {
  auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == host_port.size())
    return make_error(ec::invalid_config,
                      "--http: expected HOST:PORT, got \"" + host_port + "\"");
  return std::unique_ptr<record_target>{std::make_unique<http_writer>(
      host_port.substr(0, colon), host_port.substr(colon + 1))};
}

} // namespace eddy::gen
