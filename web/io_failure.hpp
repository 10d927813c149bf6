// Reports I/O failures of the HTTP front: each one is logged once, by the
// code that handles it.
#pragma once

#include <string_view>

#include <boost/system/error_code.hpp>

namespace eddy::web {

/// Writes one line "eddy web: <what>: <reason>" to std::clog.
void log_io_failure(std::string_view what, const boost::system::error_code& ec);

} // namespace eddy::web
