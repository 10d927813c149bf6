// The baseline of the in-memory figure: one thread doing what the machines
// job does to a state without the engine: simdjson parse and split
// (machines::read_state, machines::split), then the nearest-in-time join of
// each channel's torques and speeds, things in a std::unordered_map, powers
// due as the watermark passes a torque's time plus the bound.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "apps/machines/machine_options.hpp"
#include "apps/machines/power_join.hpp"

namespace eddy::bench {

/// What the loop made of the states so far.
struct power_loop_counts {
  uint64_t states = 0;
  uint64_t readings = 0;
  uint64_t powers = 0;
  uint64_t unmatched = 0;
  uint64_t late = 0;
  uint64_t malformed = 0;
  /// The powers summed, so that no work is optimised away.
  double watts = 0;
};

class power_loop {
public:
  /// The job's bound, cap and out-of-orderness from `job`.
  explicit power_loop(const machines::options& job);

  /// Splits state `json` and joins its torques and speeds; a malformed one
  /// is counted and changes nothing.
  void add(std::string_view json);

  const power_loop_counts& counts() const { return counts_; }

private:
  using thing = machines::thing_channels;
  // (due time, thing): one of the thing's channels has a torque due then.
  using timer = std::pair<int64_t, thing*>;

  void keep(thing& channels, machines::role kind,
            const machines::quantity_value& q, int64_t time);
  void advance_watermark();
  void fire(thing& channels);

  machines::join_settings join_;
  int64_t out_of_orderness_ms_;
  int64_t watermark_ = INT64_MIN;
  int64_t newest_ = INT64_MIN;
  std::vector<machines::reading> split_;
  // Nodes of an unordered_map stay put: the timers point at them.
  std::unordered_map<std::string, thing> things_;
  std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
  power_loop_counts counts_;
};

} // namespace eddy::bench
