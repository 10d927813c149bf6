// Reports I/O failures of the HTTP front: each one is logged once, by the
// code that handles it.
#pragma once

#include <string_view>

#include <boost/system/error_code.hpp>

namespace eddy::web {

/// Logs one warning "<what>: <reason>" naming `component` ("http", "live
/// feed"), which belongs to no job. Thread-safe.
void log_io_failure(std::string_view component, std::string_view what,
                    const boost::system::error_code& ec);

} // namespace eddy::web
