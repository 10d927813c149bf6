// A machine state as seed 003's simulator publishes it, one JSON object
// {"Thing":"R0815","Timestamp":1554096460415,"id":7,"vaTorque_C11":12.5,
// "actSpeed_C11":1500.0,...} with any number of quantities, split into one
// reading per quantity as the seed's stream connector does. The job carries
// a state whole up to its thing's partition and splits it there: one record
// through the engine per state, not one per quantity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "apps/machines/machine_reading.hpp"

namespace eddy::machines {

struct quantity_value {
  std::string name;
  double value = 0.0;
};

struct machine_state {
  std::string thing;
  int64_t time_ms = 0;
  /// Every field but Thing, Timestamp and id, in the state's order.
  std::vector<quantity_value> quantities;
};

/// The state `json`, or ec::malformed_record naming the field when it is
/// not a JSON object, lacks a string Thing or an integral Timestamp (ms),
/// or has a quantity that is not a number.
caf::expected<machine_state> read_state(std::string_view json);

/// Appends the readings of `state`, one per quantity, in its order.
void split(const machine_state& state, std::vector<reading>& out);

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
