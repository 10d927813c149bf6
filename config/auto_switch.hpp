// Switches that default to `auto`: on when what they need is configured
// (e.g. a Kafka source once a broker and a topic are set).
#pragma once

#include <string_view>

#include "config/settings.hpp"

namespace eddy {

/// Whether the auto|true|false key `key` is on, `automatic` deciding auto.
inline bool is_switched_on(const settings& cfg, std::string_view key,
                           bool automatic) {
  auto& value = cfg.get_string(key);
  return value == "true" || (value == "auto" && automatic);
}

} // namespace eddy
