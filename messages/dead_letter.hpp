// A record that could not be processed, kept with the reason so nothing
// bad goes missing silently.
#pragma once

#include <string>

#include "caf/allowed_unsafe_message_type.hpp"

namespace eddy {

struct dead_letter {
  std::string source; // e.g. "socket 127.0.0.1:9999"
  std::string record; // the raw input
  std::string reason; // e.g. "malformed_record: field 'quantity' ..."
  friend bool operator==(const dead_letter&, const dead_letter&) = default;
};

} // namespace eddy

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::dead_letter)
