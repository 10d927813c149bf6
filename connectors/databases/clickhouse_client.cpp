// Sends statements to ClickHouse and turns its error replies into errors.
#include "connectors/databases/clickhouse_client.hpp"

#include <utility>

#include "messages/error.hpp"

namespace eddy {

namespace {

// Enough for ClickHouse's message and its excerpt of a bad row.
constexpr size_t max_error_text = 500;

// "Code: 117, e.displayText() = DB::Exception: Unknown field ...: (at row
// 1)" from ClickHouse's error body: its first line, trimmed, without the
// ", e.what() = DB::Exception" that 18.16 appends.
std::string error_text(std::string_view body) {
  auto line = body.substr(0, body.find('\n'));
  constexpr std::string_view what_suffix = ", e.what() = ";
  if (auto at = line.rfind(what_suffix); at != std::string_view::npos)
    line = line.substr(0, at);
  constexpr std::string_view blanks = " \t\r";
  auto first = line.find_first_not_of(blanks);
  if (first == std::string_view::npos)
    return "(no error text)";
  line = line.substr(first, line.find_last_not_of(blanks) - first + 1);
  if (line.size() <= max_error_text)
    return std::string{line};
  return std::string{line.substr(0, max_error_text)} + "...";
}

} // namespace

caf::expected<clickhouse_client>
clickhouse_client::make(clickhouse_options options) {
  http_poster_options http;
  http.url = std::move(options.url);
  http.connect_timeout = options.connect_timeout;
  http.io_timeout = options.io_timeout;
  // Headers rather than the URL's user/password parameters: the query
  // string shows up in ClickHouse's and proxies' logs.
  http.headers = {{"X-ClickHouse-User", std::move(options.user)},
                  {"X-ClickHouse-Key", std::move(options.password)}};
  auto poster = http_poster::make(std::move(http));
  if (!poster)
    return poster.error();
  return clickhouse_client{std::move(*poster)};
}

caf::expected<std::string> clickhouse_client::execute(std::string_view query,
                                                      std::string_view body) {
  // wait_end_of_query: the status comes after the statement finished, so
  // an error halfway through a result is not a 200 with a broken body.
  auto reply = poster_.post(
      "/", "wait_end_of_query=1&query=" + percent_encode(query), body);
  if (!reply)
    return reply.error();
  if (!reply->is_success())
    return make_error(ec::connector_failure,
                      "clickhouse " + url() + " answered HTTP " +
                          std::to_string(reply->status) + ": " +
                          error_text(reply->body));
  return std::move(reply->body);
}

caf::expected<void> clickhouse_client::ping() {
  auto reply = poster_.get("/ping");
  if (!reply)
    return reply.error();
  if (!reply->is_success() || reply->body.rfind("Ok.", 0) != 0)
    return make_error(ec::connector_failure,
                      "clickhouse " + url() + " answered /ping with HTTP " +
                          std::to_string(reply->status) + ": " +
                          error_text(reply->body));
  return caf::unit;
}

} // namespace eddy
