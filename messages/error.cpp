// Names and renders eddy::ec errors.
#include "messages/error.hpp"

#include "caf/atom.hpp"
#include "caf/message.hpp"

namespace eddy {

std::string to_string(ec code) {
  switch (code) {
  case ec::none:
    return "none";
  case ec::malformed_record:
    return "malformed_record";
  case ec::unknown_key:
    return "unknown_key";
  case ec::storage_failure:
    return "storage_failure";
  case ec::invalid_config:
    return "invalid_config";
  case ec::unavailable:
    return "unavailable";
  case ec::timeout:
    return "timeout";
  case ec::connector_failure:
    return "connector_failure";
  case ec::injected_fault:
    return "injected_fault";
  case ec::job_failed:
    return "job_failed";
  case ec::unknown_job:
    return "unknown_job";
  case ec::storage_unavailable:
    return "storage_unavailable";
  case ec::misrouted_record:
    return "misrouted_record";
  }
  return "unknown error code";
}

caf::error make_error(ec code, std::string context) {
  return caf::error{static_cast<uint8_t>(code), caf::atom("eddy"),
                    caf::make_message(std::move(context))};
}

std::string describe(const caf::error& err) {
  if (!err)
    return "no error";
  if (err.category() != caf::atom("eddy"))
    return caf::to_string(err);
  auto result = to_string(static_cast<ec>(err.code()));
  const auto& ctx = err.context();
  if (ctx.match_elements<std::string>())
    result += ": " + ctx.get_as<std::string>(0);
  return result;
}

std::string context_of(const caf::error& err) {
  const auto& ctx = err.context();
  if (err.category() == caf::atom("eddy") && ctx.match_elements<std::string>())
    return ctx.get_as<std::string>(0);
  return describe(err);
}

} // namespace eddy
