// Logs I/O failures of the HTTP front through Eddy's logger.
#include "web/io_failure.hpp"

#include <string>

#include "messages/log.hpp"

namespace eddy::web {

void log_io_failure(std::string_view component, std::string_view what,
                    const boost::system::error_code& ec) {
  // A failed connection is the peer's problem or a passing one (accept
  // retries): the server goes on, so a warning.
  log::warn("", component, std::string{what} + ": " + ec.message());
}

} // namespace eddy::web
