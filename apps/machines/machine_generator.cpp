// Draws each state's quantities from (seed, state number).
#include "apps/machines/machine_generator.hpp"

#include <cstdio>

#include "apps/machines/machine_reading.hpp"
#include "connectors/splitmix64.hpp"
#include "messages/json_text.hpp"

namespace eddy::machines {

namespace {

// Draw numbers within one state: per channel, four draws.
enum draw : uint64_t { has_torque, has_speed, has_position, value };

std::string channel_name(int64_t c) {
  // C11, C12, ..., C19, C21, ...: the seed's channel names.
  return "C" + std::to_string(1 + c / 9) + std::to_string(1 + c % 9);
}

} // namespace

machine_generator::machine_generator(machine_generator_options opts)
    : opts_(opts) {}

std::string machine_generator::thing(uint64_t index) const {
  char name[24];
  std::snprintf(name, sizeof name, "R%04llu",
                static_cast<unsigned long long>(
                    815 + index % static_cast<uint64_t>(opts_.machines)));
  return name;
}

void machine_generator::state_json(uint64_t index, int64_t time_ms,
                                   std::string& out) const {
  using namespace json_text;
  out += '{';
  append_name("Thing", out);
  append_string(thing(index), out);
  append_name("Timestamp", out);
  append_number(time_ms, out);
  append_name("id", out);
  append_number(static_cast<int64_t>(index), out);
  for (int64_t c = 0; c < opts_.channels; ++c) {
    splitmix64::draws draws{opts_.seed, static_cast<uint64_t>(c), index};
    auto channel = channel_name(c);
    auto add = [&](std::string_view prefix, double x) {
      append_name(std::string{prefix} + channel, out);
      append_number(x, out);
    };
    if (draws.unit(has_torque) < 0.5)
      add(torque_prefix, draws.between(value, -80.0, 80.0));
    if (draws.unit(has_speed) < 0.5)
      add(speed_prefix, draws.between(value + 1, 0.0, 3000.0));
    if (draws.unit(has_position) < 0.25)
      add("actPosition_", draws.between(value + 2, -1000.0, 1000.0));
  }
  out += '}';
}

} // namespace eddy::machines
