// One GET to the eddy program's HTTP API with a deadline: how the process
// figure sees whether eddy serves yet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace eddy::bench {

struct http_answer {
  unsigned status = 0; // 0: no connection, or no answer in time
  std::string body;
};

/// GET `target` on a new connection to 127.0.0.1:`port`; never throws.
http_answer
http_get(uint16_t port, const std::string& target,
         std::chrono::milliseconds timeout = std::chrono::milliseconds{2000});

} // namespace eddy::bench
