// An HTTP request as plain data: what the routes see. It carries no Beast
// types, so tests can drive the routing logic without a socket.
#pragma once

#include <map>
#include <string>

namespace eddy::web {

struct request {
  std::string method; // as sent, e.g. "GET"
  std::string target; // origin form, still percent-encoded: "/v1/items?ids=a"
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
};

} // namespace eddy::web
