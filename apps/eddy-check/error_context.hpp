// Says where an error happened: the file and line, or the topic, partition
// and offset, in front of what went wrong.
#pragma once

#include <string_view>

#include "caf/error.hpp"

namespace eddy::check {

/// Returns `err` with "`where`: " in front of its text, keeping its code
/// (an error of another category becomes ec::connector_failure with CAF's
/// rendering as text).
caf::error in_context(const caf::error& err, std::string_view where);

} // namespace eddy::check
