// Machine states as seed 003's simulator publishes them (its events.json
// rows), made deterministically from a seed and a state number: for
// eddy-gen, the job's built-in source, the tests and the benchmark.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::machines {

struct machine_generator_options {
  /// Same seed, same states (but their timestamps).
  uint64_t seed = 42;
  /// State i comes from machine i % machines.
  int64_t machines = 4;
  /// Each machine's channels C11, C12, ..., each with a torque and a speed.
  int64_t channels = 4;
};

/// Machine m is "R<0815 + m>"; each state carries, per channel, a torque
/// (vaTorque_C.., -80..80 Nm) and a speed (actSpeed_C.., 0..3000 rpm) each
/// with probability 1/2, and a position (actPosition_C.., not joined) with
/// probability 1/4, so a channel's torques and speeds meet across states
/// as in the seed's data; some powers exceed the seed's cap of 20000.
class machine_generator {
public:
  /// `opts.machines` and `opts.channels` must be positive.
  explicit machine_generator(machine_generator_options opts);

  /// Appends state `index` with Timestamp `time_ms` as the simulator's
  /// JSON (no newline): {"Thing":..,"Timestamp":..,"id":index,...}.
  void state_json(uint64_t index, int64_t time_ms, std::string& out) const;

  /// The machine of state `index` ("R0815"), which keys it on Kafka so a
  /// machine's states keep their order.
  std::string thing(uint64_t index) const;

private:
  machine_generator_options opts_;
};

} // namespace eddy::machines
