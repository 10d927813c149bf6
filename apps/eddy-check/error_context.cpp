// Prefixes an error's text with where it happened.
#include "apps/eddy-check/error_context.hpp"

#include <string>

#include "caf/atom.hpp"
#include "caf/message.hpp"

#include "messages/error.hpp"

namespace eddy::check {

caf::error in_context(const caf::error& err, std::string_view where) {
  std::string prefix{where};
  prefix += ": ";
  if (err.category() != caf::atom("eddy"))
    return make_error(ec::connector_failure, prefix + caf::to_string(err));
  const auto& ctx = err.context();
  auto text = ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0)
                                                : std::string{};
  return make_error(static_cast<ec>(err.code()), prefix + text);
}

} // namespace eddy::check
