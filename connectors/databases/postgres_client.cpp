// Opens libpq connections with a deadline, runs statements and COPYs, and
// turns PostgreSQL's and libpq's errors into connector failures.
#include "connectors/databases/postgres_client.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "messages/error.hpp"

namespace eddy {

namespace {

// Enough for PostgreSQL's message, its detail and its context.
constexpr size_t max_error_text = 500;

// COPY data goes to libpq in pieces: PQputCopyData takes an int length.
constexpr size_t copy_chunk = size_t{1} << 20;

struct result_clearer {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using result_ptr = std::unique_ptr<PGresult, result_clearer>;

// `text` on one line: each run of newlines, tabs and blanks one blank,
// trimmed, cut after max_error_text bytes.
std::string one_line(std::string_view text) {
  std::string line;
  bool is_blank = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      is_blank = true;
      continue;
    }
    if (is_blank && !line.empty())
      line += ' ';
    is_blank = false;
    line += c;
  }
  if (line.size() > max_error_text)
    line = line.substr(0, max_error_text) + "...";
  return line.empty() ? "(no error text)" : line;
}

// PostgreSQL's message, its detail and where it happened ("COPY staging,
// line 3, column readings: \"many\""), or libpq's text for an error that
// never reached the server.
std::string error_text(const PGresult* result) {
  auto field = [result](int code) -> std::string_view {
    auto* value = PQresultErrorField(result, code);
    return value ? value : "";
  };
  std::string text{field(PG_DIAG_MESSAGE_PRIMARY)};
  if (text.empty())
    return one_line(PQresultErrorMessage(result));
  if (auto detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty())
    text += std::string{"; "}.append(detail);
  if (auto context = field(PG_DIAG_CONTEXT); !context.empty())
    text += std::string{" ("}.append(context) + ")";
  return one_line(text);
}

// A result's rows: tab-separated fields, a newline after each row, NULL as
// \N (as COPY text would write them, but unescaped).
std::string rows_text(const PGresult* result) {
  std::string text;
  int rows = PQntuples(result);
  int fields = PQnfields(result);
  for (int row = 0; row < rows; ++row) {
    for (int field = 0; field < fields; ++field) {
      if (field > 0)
        text += '\t';
      if (PQgetisnull(result, row, field))
        text += "\\N";
      else
        text.append(PQgetvalue(result, row, field),
                    PQgetlength(result, row, field));
    }
    text += '\n';
  }
  return text;
}

// A conninfo value, quoted when libpq's parser needs it to be.
std::string conninfo_value(std::string_view value) {
  if (!value.empty() && value.find_first_of(" '\\") == std::string_view::npos)
    return std::string{value};
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

bool is_uri(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string uri_without_password(std::string_view url) {
  auto authority_start = url.find("://") + 3;
  auto authority_end = url.find_first_of("/?", authority_start);
  if (authority_end == std::string_view::npos)
    authority_end = url.size();
  auto authority = url.substr(authority_start, authority_end - authority_start);
  std::string text{url.substr(0, authority_start)};
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto user = authority.substr(0, at);
    text.append(user.substr(0, user.find(':')));
    text.append(authority.substr(at));
  } else {
    text.append(authority);
  }
  auto query_start = url.find('?', authority_end);
  text.append(url.substr(authority_end, query_start - authority_end));
  if (query_start == std::string_view::npos)
    return text;
  char separator = '?';
  auto params = url.substr(query_start + 1);
  while (!params.empty()) {
    auto end = params.find('&');
    auto param = params.substr(0, end);
    params = end == std::string_view::npos ? "" : params.substr(end + 1);
    if (param.starts_with("password=") || param.empty())
      continue;
    text += separator;
    text.append(param);
    separator = '&';
  }
  return text;
}

} // namespace

std::string without_password(std::string_view url) {
  if (is_uri(url))
    return uri_without_password(url);
  std::string text{url};
  char* parse_error = nullptr;
  auto* options = PQconninfoParse(text.c_str(), &parse_error);
  if (options == nullptr) {
    PQfreemem(parse_error);
    // Unparsed, so cut before anything that may be a password.
    if (auto at = url.find("password"); at != std::string_view::npos)
      return std::string{url.substr(0, at)} + "...";
    return text;
  }
  std::string shown;
  for (auto* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::strcmp(option->keyword, "password") == 0)
      continue;
    if (!shown.empty())
      shown += ' ';
    shown += std::string{option->keyword} + "=" + conninfo_value(option->val);
  }
  PQconninfoFree(options);
  return shown;
}

void postgres_client::connection_closer::operator()(
    pg_conn* conn) const noexcept {
  PQfinish(conn);
}

caf::expected<postgres_client> postgres_client::make(postgres_options options) {
  if (options.url.empty())
    return make_error(ec::invalid_config, "postgres: no URL");
  char* parse_error = nullptr;
  auto* parsed = PQconninfoParse(options.url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string reason =
        parse_error ? one_line(parse_error) : "libpq is out of memory";
    PQfreemem(parse_error);
    return make_error(ec::invalid_config, "bad URL " +
                                              without_password(options.url) +
                                              ": " + reason);
  }
  PQconninfoFree(parsed);
  return postgres_client{std::move(options)};
}

postgres_client::postgres_client(postgres_options options)
    : url_(std::move(options.url)), shown_url_(without_password(url_)),
      connect_timeout_(options.connect_timeout) {}

postgres_client::postgres_client(postgres_client&&) noexcept = default;
postgres_client&
postgres_client::operator=(postgres_client&&) noexcept = default;
postgres_client::~postgres_client() = default;

bool postgres_client::is_connected() const noexcept {
  return conn_ && PQstatus(conn_.get()) == CONNECTION_OK;
}

void postgres_client::disconnect() noexcept {
  conn_.reset();
}

caf::error postgres_client::failure(std::string_view reason) const {
  return make_error(ec::connector_failure,
                    "postgres " + shown_url_ + ": " + std::string{reason});
}

caf::error postgres_client::statement_failure(std::string_view reason) {
  auto err = failure(reason);
  if (PQstatus(conn_.get()) == CONNECTION_BAD)
    conn_.reset();
  return err;
}

caf::error postgres_client::connection_failure() {
  return statement_failure(one_line(PQerrorMessage(conn_.get())));
}

caf::expected<void> postgres_client::connect() {
  if (is_connected())
    return caf::unit;
  conn_.reset();
  // client_encoding first, so that the URL may choose another.
  const char* keywords[] = {"client_encoding", "dbname", nullptr};
  const char* values[] = {"UTF8", url_.c_str(), nullptr};
  connection conn{PQconnectStartParams(keywords, values, 1)};
  if (!conn)
    return failure("libpq is out of memory");
  auto deadline = std::chrono::steady_clock::now() + connect_timeout_;
  // libpq's protocol: wait as if PQconnectPoll had asked for writing,
  // then do what each call asks for, on the socket it names then.
  auto polling = PGRES_POLLING_WRITING;
  while (PQstatus(conn.get()) != CONNECTION_BAD) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd socket{
        PQsocket(conn.get()),
        polling == PGRES_POLLING_READING ? short{POLLIN} : short{POLLOUT}, 0};
    int ready = left.count() > 0
                    ? ::poll(&socket, 1, static_cast<int>(left.count()))
                    : 0;
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      return failure(std::string{"poll: "} + std::strerror(errno));
    if (ready == 0)
      return failure("no connection within " +
                     std::to_string(connect_timeout_.count()) + " ms");
    polling = PQconnectPoll(conn.get());
    if (polling == PGRES_POLLING_OK) {
      // Notices ("relation ... already exists, skipping") are not errors;
      // libpq would print them on stderr.
      PQsetNoticeProcessor(
          conn.get(), [](void*, const char*) {}, nullptr);
      conn_ = std::move(conn);
      ++connections_opened_;
      return caf::unit;
    }
    if (polling == PGRES_POLLING_FAILED)
      break;
  }
  return failure(one_line(PQerrorMessage(conn.get())));
}

caf::expected<std::string> postgres_client::execute(std::string_view sql,
                                                    statement_kind kind) {
  bool was_open = conn_ != nullptr;
  if (auto connected = connect(); !connected)
    return connected.error();
  std::string statement{sql};
  auto result = run(statement);
  if (!result && kind == statement_kind::idempotent && was_open && !conn_) {
    // The server closed the connection opened earlier (a restart): the
    // statement may go again on a new one.
    if (auto connected = connect(); !connected)
      return connected.error();
    result = run(statement);
  }
  return result;
}

caf::expected<std::string> postgres_client::run(const std::string& sql) {
  result_ptr result{PQexec(conn_.get(), sql.c_str())};
  if (!result)
    return connection_failure();
  switch (PQresultStatus(result.get())) {
  case PGRES_TUPLES_OK:
    return rows_text(result.get());
  case PGRES_COMMAND_OK:
  case PGRES_EMPTY_QUERY:
    return std::string{};
  case PGRES_COPY_IN:
    // Ends the COPY without data; the statement fails.
    if (PQputCopyEnd(conn_.get(), "use copy_from()") != 1)
      return connection_failure();
    while (result_ptr rest{PQgetResult(conn_.get())})
      continue;
    return failure("a COPY FROM STDIN needs copy_from()");
  default:
    return statement_failure(error_text(result.get()));
  }
}

caf::expected<void> postgres_client::start_copy(const std::string& sql) {
  if (auto connected = connect(); !connected)
    return connected.error();
  result_ptr started{PQexec(conn_.get(), sql.c_str())};
  if (!started)
    return connection_failure();
  switch (PQresultStatus(started.get())) {
  case PGRES_COPY_IN:
    return caf::unit;
  case PGRES_FATAL_ERROR:
    return statement_failure(error_text(started.get()));
  default:
    return failure("not a COPY ... FROM STDIN: " + one_line(sql));
  }
}

caf::expected<uint64_t> postgres_client::copy_from(std::string_view copy_sql,
                                                   std::string_view body,
                                                   statement_kind kind) {
  bool was_open = conn_ != nullptr;
  std::string statement{copy_sql};
  auto started = start_copy(statement);
  if (!started && kind == statement_kind::idempotent && was_open && !conn_) {
    // The server closed the connection opened earlier (a restart) before
    // the COPY began: nothing was copied, so it may begin on a new one.
    started = start_copy(statement);
  }
  if (!started)
    return started.error();
  for (size_t at = 0; at < body.size(); at += copy_chunk) {
    auto piece = body.substr(at, copy_chunk);
    if (PQputCopyData(conn_.get(), piece.data(),
                      static_cast<int>(piece.size())) != 1)
      return connection_failure();
  }
  if (PQputCopyEnd(conn_.get(), nullptr) != 1)
    return connection_failure();
  // The COPY's own result, then nothing: take them all, keep the first.
  result_ptr done{PQgetResult(conn_.get())};
  while (result_ptr rest{PQgetResult(conn_.get())})
    continue;
  if (!done)
    return connection_failure();
  if (PQresultStatus(done.get()) != PGRES_COMMAND_OK)
    return statement_failure(error_text(done.get()));
  std::string_view count = PQcmdTuples(done.get());
  uint64_t rows = 0;
  std::from_chars(count.data(), count.data() + count.size(), rows);
  return rows;
}

} // namespace eddy
