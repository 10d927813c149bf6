// PostgreSQL over libpq: one connection from a libpq URL or conninfo
// string, opened lazily and again after the server closed it; statements,
// and COPY ... FROM STDIN of a text body. libpq stays in the .cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

struct pg_conn; // libpq's PGconn

namespace eddy {

/// How long a connection may take to open, by default.
constexpr std::chrono::milliseconds default_postgres_connect_timeout{5000};

struct postgres_options {
  /// A libpq URL, `postgresql://user[:password]@host:port/db[?param=...]`,
  /// or a key=value conninfo string (`host=... port=... dbname=...`).
  /// Error messages show it without the password.
  std::string url = "postgresql://postgres@127.0.0.1:5432/postgres";
  /// How long opening a connection (TCP, authentication, start-up) may
  /// take; measured here, to the millisecond, not by libpq's
  /// connect_timeout.
  std::chrono::milliseconds connect_timeout = default_postgres_connect_timeout;
};

/// Whether a statement may run again after the connection it was sent on
/// turned out to be lost.
enum class statement_kind {
  /// Runs at most once: its failure is the caller's to handle.
  once,
  /// Harmless to repeat (BEGIN, CREATE ... IF NOT EXISTS): when it fails
  /// because a connection opened earlier was closed by the server (a
  /// restart), the client opens a new one and runs it again, once.
  idempotent,
};

/// `url` without its password: the userinfo's and a `password` parameter's
/// in a URL; the `password=` pair of a conninfo string, which is then
/// written again from its parsed parameters (or, if libpq cannot parse
/// it, cut before the word "password"). Never fails.
std::string without_password(std::string_view url);

class postgres_client {
public:
  /// Fails with ec::invalid_config: "bad URL <url without password>:
  /// <libpq's reason>", or "no URL". Connects only at the first statement.
  [[nodiscard]] static caf::expected<postgres_client>
  make(postgres_options options);

  postgres_client(postgres_client&&) noexcept;
  postgres_client& operator=(postgres_client&&) noexcept;
  ~postgres_client();

  /// Opens the connection unless it is open. Fails with
  /// ec::connector_failure: "postgres <url>: <libpq's reason>" (which names
  /// host and port), or "... no connection within <N> ms".
  [[nodiscard]] caf::expected<void> connect();

  /// Runs `sql` (one statement, or several separated by `;` which stop at
  /// the first that fails) after connecting if needed, and answers the
  /// last statement's rows as text: fields separated by tabs, each row
  /// ended by a newline, NULL as `\N`; empty for a statement without rows.
  /// Fails with ec::connector_failure: "postgres <url>: <PostgreSQL's
  /// message>" (with its detail and context), or why the server cannot be
  /// reached. A failure that lost the connection closes it: the next
  /// statement opens a new one.
  [[nodiscard]] caf::expected<std::string>
  execute(std::string_view sql, statement_kind kind = statement_kind::once);

  /// Runs `copy_sql`, a `COPY ... FROM STDIN` in text format, sending
  /// `body` (rows in COPY text format, each ended by a newline) as its
  /// data; answers how many rows PostgreSQL copied. Fails as execute()
  /// does, e.g. with PostgreSQL's "invalid input syntax for type bigint"
  /// and the line and column of the bad row. An idempotent COPY (one not
  /// inside a transaction: it stores all its rows or none) begins again on
  /// a new connection when the one opened earlier turns out lost before
  /// the COPY began.
  [[nodiscard]] caf::expected<uint64_t>
  copy_from(std::string_view copy_sql, std::string_view body,
            statement_kind kind = statement_kind::once);

  /// Closes the connection, if open; the next statement opens another.
  void disconnect() noexcept;

  bool is_connected() const noexcept;

  /// How many connections were opened: a new one lost what was bound to
  /// the old (temporary tables, prepared statements).
  uint64_t connections_opened() const noexcept { return connections_opened_; }

  /// The URL without its password, as error messages show it.
  const std::string& url() const noexcept { return shown_url_; }

private:
  struct connection_closer {
    void operator()(pg_conn* conn) const noexcept;
  };
  using connection = std::unique_ptr<pg_conn, connection_closer>;

  explicit postgres_client(postgres_options options);

  // Connects if needed and runs `sql`, a COPY ... FROM STDIN, up to where
  // the server waits for its data.
  caf::expected<void> start_copy(const std::string& sql);

  // Runs `sql` once on the open connection.
  caf::expected<std::string> run(const std::string& sql);

  // ec::connector_failure "postgres <url>: <reason>".
  caf::error failure(std::string_view reason) const;

  // failure(reason), closing the connection when it is lost.
  caf::error statement_failure(std::string_view reason);

  // The failure of the last call on the connection (libpq's message),
  // closing the connection when it is lost.
  caf::error connection_failure();

  std::string url_;
  std::string shown_url_;
  std::chrono::milliseconds connect_timeout_;
  connection conn_;
  uint64_t connections_opened_ = 0;
};

} // namespace eddy
