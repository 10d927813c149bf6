// A machine state as seed 003's simulator publishes it, one JSON object
// {"Thing":"R0815","Timestamp":1554096460415,"id":7,"vaTorque_C11":12.5,
// "actSpeed_C11":1500.0,...} with any number of quantities, split into one
// reading per quantity as the seed's stream connector does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "caf/error.hpp"

#include "apps/machines/machine_reading.hpp"

namespace eddy::machines {

/// Appends the readings of `json`, one per quantity (every field but
/// Thing, Timestamp and id), in the state's order. Fails with
/// ec::malformed_record naming the field when the state is not a JSON
/// object, lacks a string Thing or an integral Timestamp (ms), or has a
/// quantity that is not a number; `out` is then as it was.
[[nodiscard]] caf::error split_state(std::string_view json,
                                     std::vector<reading>& out);

/// The Thing of state `json` (which keys it on Kafka); empty when `json` is
/// not a JSON object with a string Thing.
std::string thing_of(std::string_view json);

} // namespace eddy::machines
