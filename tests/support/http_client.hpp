// A synchronous HTTP/1.1 client for tests: one kept-alive connection, plus
// raw byte exchanges for requests no well-behaved client would send.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace eddy::test {

struct http_reply {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers; // names as the server sent them
};

/// Every call blocks until done and throws std::runtime_error when the
/// connection fails or an operation takes longer than 10 seconds.
class http_client {
public:
  http_client(std::string host, uint16_t port);
  ~http_client();

  http_client(http_client&&) noexcept;
  http_client& operator=(http_client&&) noexcept;

  /// Sends GET `target` and reads the response.
  http_reply get(std::string target);

  /// Sends POST `target` with `body` and reads the response.
  http_reply post(std::string target, std::string body,
                  std::string content_type = "application/json");

  /// Sends `method` (e.g. "DELETE") with `headers` (e.g. Authorization) on
  /// the kept-alive connection, opening a new one first if there is none or
  /// the last response closed it.
  http_reply
  request(std::string method, std::string target, std::string body = {},
          std::string content_type = "application/json",
          const std::vector<std::pair<std::string, std::string>>& headers = {});

  /// Sends `bytes` on a new connection, half-closes it only if
  /// `close_after_sending`, and returns everything the server sends until it
  /// closes the connection.
  std::string send_raw(std::string bytes, bool close_after_sending = false);

  /// Waits up to `patience` for the server to close the kept-alive
  /// connection; false if it is still open then (or there is none).
  bool is_closed_by_server(std::chrono::milliseconds patience);

  /// How many connections this client has opened, send_raw included.
  size_t connections_opened() const;

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace eddy::test
