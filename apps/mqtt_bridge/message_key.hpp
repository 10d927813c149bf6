// The Kafka key of a message the MQTT bridge forwards: a field of its JSON
// payload.
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy {

/// The string at `field` of the JSON object `payload`, or the number there
/// as JSON writes it (`7`, `-1.5`). Fails with ec::malformed_record saying
/// whether the payload is no JSON object, lacks the field or holds neither
/// a string nor a number there. Never throws (except std::bad_alloc).
[[nodiscard]] caf::expected<std::string> message_key(std::string_view payload,
                                                     const std::string& field);

} // namespace eddy
