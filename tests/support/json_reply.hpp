// Reading the JSON bodies of HTTP replies in tests.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"

namespace eddy::test {

inline nlohmann::json body_of(const http_reply& reply) {
  return nlohmann::json::parse(reply.body);
}

/// Whether `reply` is a JSON error with `code` whose detail mentions `word`.
inline bool is_error(const http_reply& reply, const std::string& code,
                     const std::string& word = "") {
  auto body = body_of(reply);
  return body.size() == 2 && body.value("error", "") == code &&
         body.value("detail", "").find(word) != std::string::npos;
}

} // namespace eddy::test
