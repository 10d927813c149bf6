// What the machines job must produce, computed apart from the job: a
// workload of the generator's machine states with some out of order, torques
// of a channel no speed ever comes for, and late states on demand; and the
// split quantities and powers that must come out, each once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace eddy::test {

/// A reading's identity: its Kafka key ("<thing>.<quantity>") and its
/// phenomenonTime.
using reading_id = std::pair<std::string, int64_t>;

/// Results by identity.
using readings_by_id = std::map<reading_id, double>;

struct machines_expectation {
  /// Every quantity of every state (machine.data).
  readings_by_id data;
  /// Every torque's power, keyed "<thing>.vaPower_<channel>" (machine.out).
  readings_by_id powers;
  /// Torques no speed of their channel joins: they emit nothing.
  size_t unmatched = 0;
  /// Torques and speeds at or behind the watermark.
  size_t late = 0;
};

struct machines_workload {
  /// The states in the order they are sent, as JSON.
  std::vector<std::string> states;
  /// The machine of each state (its Kafka key).
  std::vector<std::string> things;
  /// States sent after a later one (by at most `step_ms` * 4).
  size_t out_of_order = 0;
  /// What must come out.
  machines_expectation expected;

  /// Appends a state and recomputes `expected`.
  void add(const std::string& thing, const std::string& json);
};

/// The join's rules as the issue states them.
struct join_rules {
  int64_t bound_ms = 1000;
  double power_cap = 20000.0;
  int64_t out_of_orderness_ms = 250;
};

/// `count` states of the generator (seed 42, 4 machines, 4 channels), the
/// i-th at `first_ms + i * step_ms`, every 10th pair swapped and every 37th
/// state sent four later; every 40th with a torque of channel C99, which has
/// no speed; then a state 3 s after the last that carries only a position,
/// so that the watermark passes every torque plus the bound.
machines_workload make_machines_workload(int64_t count, int64_t first_ms,
                                         int64_t step_ms);

/// The data records and powers of `states` sent in this order, with
/// nlohmann and a linear search: the watermark is the newest time so far
/// minus the out-of-orderness minus 1; a torque or speed at or behind it
/// joins nothing (unless `is_joining_late`, to show what a late state would
/// change); a repeat at one time replaces; each torque joins the speed of
/// its thing and channel nearest in time within the bound (ties: the
/// earlier).
machines_expectation expected_outputs(const std::vector<std::string>& states,
                                      join_rules rules = {},
                                      bool is_joining_late = false);

/// Adds one late state: 8 s behind the newest, for the thing and channel of
/// a joined torque at time T whose state has no speed of that channel, at
/// T + 1, with a torque and a speed. Joined, the speed would change that
/// power and the torque would make one more.
void add_late_state(machines_workload& w);

/// Checks `json_readings` ({"thing","quantity","phenomenonTime","result"},
/// with `keys` their Kafka keys, or empty) against `expected`: each identity
/// once with its result to 1e-9 relative, copies of an identity identical,
/// nothing else; answers the differences, empty if none.
std::string differences(const readings_by_id& expected,
                        const std::vector<std::string>& json_readings,
                        const std::vector<std::string>& keys = {});

/// Checks `actual` against `expected` by identity, results to 1e-9
/// relative; answers the differences, empty if none.
std::string differences(const readings_by_id& expected,
                        const readings_by_id& actual);

} // namespace eddy::test
