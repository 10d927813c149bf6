// The typed interfaces of the engine's actors. Each handler's comment says
// what it does and what it answers.
#pragma once

#include <cstdint>
#include <string>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "messages/atoms.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// The answer to a point read: the value if the key was ever written.
template <class V>
struct read_result {
  bool found = false;
  V value{};
};

/// Anything downstream of a partition: windows and sinks.
template <class T>
using consumer_actor = caf::typed_actor<
    /// Takes a batch of records; answers how many it accepted once it has
    /// taken them over (the sender's backpressure window).
    typename caf::replies_to<output_batch<T>>::template with<uint64_t>,
    /// Writes out everything buffered; answers the number of records written.
    caf::replies_to<flush_atom>::with<uint64_t>>;

/// A partition of a keyed operator with input `In`, output `Out` and state
/// values `V`.
template <class In, class Out, class V>
using partition_actor = caf::typed_actor<
    /// Applies a batch (skipping what it applied before), persists the state
    /// and the batch's position atomically, then answers.
    typename caf::replies_to<batch<In>>::template with<batch_ack<Out>>,
    /// Reads one key's current value.
    typename caf::replies_to<read_atom,
                             std::string>::template with<read_result<V>>,
    /// Answers the positions persisted so far (where replay must start).
    caf::replies_to<positions_atom>::with<position_map>,
    /// Dies with ec::injected_fault (fault injection for tests and demos).
    caf::reacts_to<crash_atom>>;

} // namespace eddy

namespace caf {
template <class V>
struct allowed_unsafe_message_type<eddy::read_result<V>> : std::true_type {};
} // namespace caf

namespace eddy {

/// Receives notice that partition p was (re)started and must be sent what
/// it has not acknowledged.
using restart_listener_actor =
    caf::typed_actor<caf::reacts_to<restarted_atom, int32_t>>;

/// Entry point of a keyed job for one source: routes records to partitions
/// and keeps them until acknowledged.
template <class In, class Out>
using ingress_actor = caf::typed_actor<
    /// Takes a batch of one source partition's records. A record with a
    /// negative offset gets the source partition's next offset. Without
    /// `wants_outputs` it answers once the records are buffered (blocking the
    /// producer while the buffer is full); with it, once every record is
    /// applied, carrying the outputs.
    typename caf::replies_to<batch<In>>::template with<batch_ack<Out>>,
    /// Partition p was (re)started: sends it what it has not acknowledged.
    caf::reacts_to<restarted_atom, int32_t>,
    /// Answers, per source partition, the highest offset up to which every
    /// record taken is acknowledged (persisted): what a source may commit.
    caf::replies_to<positions_atom>::with<position_map>,
    /// Answers true once every record taken so far is acknowledged.
    caf::replies_to<stop_atom>::with<bool>>;

} // namespace eddy
