// Builds the JSON error responses of the HTTP API.
#include "web/json_error.hpp"

#include "caf/atom.hpp"

#include "messages/error.hpp"
#include "web/json_bodies.hpp"

namespace eddy::web {

response json_error(unsigned status, std::string_view code,
                    std::string_view detail) {
  return response{.status = status, .body = error_body(code, detail)};
}

response json_error(unsigned status, std::string_view code,
                    const caf::error& err) {
  return json_error(status, code, detail_of(err));
}

std::string detail_of(const caf::error& err) {
  if (err.category() == caf::atom("eddy") &&
      err.context().match_elements<std::string>())
    return err.context().get_as<std::string>(0);
  return describe(err);
}

} // namespace eddy::web
