// Reads the stock from the job's HTTP API with Beast: blocking calls, each
// an asynchronous operation run to completion so that it has a deadline.
#include <charconv>
#include <string_view>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "apps/eddy-check/check_defaults.hpp"
#include "apps/eddy-check/stock_reader.hpp"
#include "messages/error.hpp"
#include "messages/json_codec.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy::check {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::string_view http_prefix = "http://";

// Percent-encodes all but the unreserved characters, so that an item id
// with a comma or a space stays one id.
void append_encoded(std::string_view id, std::string& out) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (unsigned char c : id) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
}

/// One kept-alive connection to the job.
class stock_client {
public:
  stock_client(std::string host, std::string port)
      : host_(std::move(host)), port_(std::move(port)) {}

  /// GET `target`; answers the status and body.
  caf::expected<std::pair<unsigned, std::string>>
  get(const std::string& target) {
    if (!is_reusable_)
      if (auto err = connect())
        return err;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, host_ + ":" + port_);
    req.set(http::field::user_agent, "eddy-check");
    stream_.expires_after(http_timeout);
    if (auto error =
            run([&](auto done) { http::async_write(stream_, req, done); }))
      return failure("GET " + target + " to", error);
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    if (auto error = run([&](auto done) {
          http::async_read(stream_, buffer_, parser, done);
        }))
      return failure("read the response to GET " + target + " from", error);
    auto res = parser.release();
    is_reusable_ = res.keep_alive();
    return std::pair{res.result_int(), std::move(res.body())};
  }

  std::string url() const { return "http://" + host_ + ":" + port_; }

private:
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code error, auto&&...) { result = error; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  caf::error connect() {
    beast::error_code ignored; // a previous connection is done with anyway
    stream_.socket().close(ignored);
    buffer_.clear();
    tcp::resolver resolver{ioc_};
    beast::error_code error;
    auto endpoints = resolver.resolve(host_, port_, error);
    if (error)
      return failure("resolve", error);
    stream_.expires_after(http_timeout);
    if (auto error =
            run([&](auto done) { stream_.async_connect(endpoints, done); }))
      return failure("connect to", error);
    is_reusable_ = true;
    return {};
  }

  caf::error failure(const std::string& what, beast::error_code error) {
    is_reusable_ = false;
    return make_error(ec::connector_failure,
                      "cannot " + what + " " + url() + ": " + error.message());
  }

  std::string host_;
  std::string port_;
  net::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  bool is_reusable_ = false;
};

// Adds the items of one `GET /v1/items` body to `stock`.
caf::error read_body(const std::string& body, const std::string& request,
                     stock_map& stock) {
  auto failure = [&request](const std::string& what) {
    return make_error(ec::malformed_record,
                      "the answer to " + request + ": " + what);
  };
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return failure("expected a JSON object, got " + quoted_excerpt(body));
  auto items = json.find("items");
  if (items == json.end() || !items->is_array())
    return failure("expected an array 'items'");
  for (auto& item : *items) {
    auto info = item_info_from_json(item);
    if (!info)
      return failure(describe(info.error()));
    stock[info->item_id] = info->quantity;
  }
  return {};
}

} // namespace

caf::expected<stock_map>
read_stock_over_http(const std::string& url,
                     const std::vector<std::string>& items) {
  std::string_view rest{url};
  rest.remove_prefix(std::min(rest.size(), http_prefix.size()));
  if (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  auto colon = rest.rfind(':');
  uint16_t port = 0;
  if (!url.starts_with(http_prefix) || colon == std::string_view::npos ||
      colon == 0 ||
      std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), port)
              .ptr != rest.data() + rest.size())
    return make_error(ec::invalid_config,
                      "expected the stock source as http://HOST:PORT, got '" +
                          url + "'");
  stock_client client{std::string{rest.substr(0, colon)},
                      std::string{rest.substr(colon + 1)}};
  stock_map stock;
  for (size_t first = 0; first < items.size(); first += http_ids_per_request) {
    std::string target = "/v1/items?ids=";
    auto last = std::min(items.size(), first + http_ids_per_request);
    for (auto i = first; i < last; ++i) {
      if (i > first)
        target += ',';
      append_encoded(items[i], target);
    }
    auto answer = client.get(target);
    if (!answer)
      return answer.error();
    auto request = "GET " + client.url() + target;
    if (answer->first != 200)
      return make_error(ec::connector_failure,
                        request + " answered " + std::to_string(answer->first) +
                            " " + quoted_excerpt(answer->second));
    if (auto err = read_body(answer->second, request, stock))
      return err;
  }
  return stock;
}

} // namespace eddy::check
