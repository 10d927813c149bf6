// Logs I/O failures of the HTTP front to std::clog.
#include "web/io_failure.hpp"

#include <iostream>
#include <sstream>

namespace eddy::web {

void log_io_failure(std::string_view what,
                    const boost::system::error_code& ec) {
  // One string and one write, so lines of concurrent sessions do not mix.
  std::ostringstream line;
  line << "eddy web: " << what << ": " << ec.message() << '\n';
  std::clog << line.str() << std::flush;
}

} // namespace eddy::web
