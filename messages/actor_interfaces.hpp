// The typed interfaces of the engine's actors. Each handler's comment says
// what it does and what it answers.
#pragma once

#include <cstdint>
#include <string>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "messages/atoms.hpp"
#include "messages/job_status.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// Anything downstream of a partition: windows and sinks.
template <class T>
using consumer_actor = caf::typed_actor<
    /// Takes a batch of records; answers how many it accepted once it has
    /// taken them over (the sender's backpressure window).
    typename caf::replies_to<output_batch<T>>::template with<uint64_t>,
    /// Writes out everything buffered; answers the number of records written.
    caf::replies_to<flush_atom>::with<uint64_t>,
    /// Checkpoint `id` passes upstream actor `upstream` (the partition
    /// number stamped on its batches): persists or writes out everything
    /// received before it and answers the bytes of state written.
    caf::replies_to<checkpoint_atom, int64_t, int32_t>::with<uint64_t>,
    /// Checkpoint `id` completed (true) or failed (false): a transactional
    /// sink commits what came before it.
    caf::reacts_to<commit_atom, int64_t, bool>>;

/// What the checkpoint coordinator tells when a checkpoint ends.
using commit_listener_actor =
    caf::typed_actor<caf::reacts_to<commit_atom, int64_t, bool>>;

/// A partition of a keyed operator with input `In` and output `Out`. Reads
/// of its state do not go through the actor: see partition_directory.
template <class In, class Out>
using partition_actor = caf::typed_actor<
    /// Applies a batch (skipping what it applied before), persists the state
    /// and the batch's position atomically, then answers.
    typename caf::replies_to<batch<In>>::template with<batch_ack<Out>>,
    /// Answers the positions persisted so far (where replay must start).
    caf::replies_to<positions_atom>::with<position_map>,
    /// Checkpoint `id`: persists the state changed since the last one with
    /// the positions it covers, after its downstream persisted theirs.
    caf::replies_to<checkpoint_atom, int64_t>::with<checkpoint_ack>,
    /// The ingress numbered `channel` reached this watermark (event time)
    /// with nothing for this partition in flight: timers and windows may
    /// fire.
    caf::reacts_to<watermark_atom, int32_t, int64_t>,
    /// The partition's wall-clock timer (processing-time timers, expiring
    /// state); it sends it to itself.
    caf::reacts_to<tick_atom>,
    /// Dies with ec::injected_fault (fault injection for tests and demos).
    caf::reacts_to<crash_atom>>;

} // namespace eddy

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::checkpoint_status)

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
    /// Its timer: inputs may have gone idle, which moves the watermark.
    caf::reacts_to<tick_atom>,
    /// Answers, per source partition, the highest offset up to which every
    /// record taken is acknowledged (persisted): what a source may commit.
    caf::replies_to<positions_atom>::with<position_map>,
    /// Answers true once every record taken so far is applied (a
    /// checkpoint then makes it durable).
    caf::replies_to<stop_atom>::with<bool>,
    /// A checkpoint completed: drops what the partitions persisted and
    /// answers the positions up to which everything taken is persisted.
    caf::replies_to<persisted_atom, checkpoint_positions>::with<position_map>>;

/// The part of an ingress the checkpoint coordinator talks to.
using persisted_listener_actor = caf::typed_actor<
    caf::replies_to<persisted_atom, checkpoint_positions>::with<position_map>>;

/// The part of a partition the checkpoint coordinator talks to.
using checkpointed_actor = caf::typed_actor<
    caf::replies_to<checkpoint_atom, int64_t>::with<checkpoint_ack>>;

/// The checkpoint coordinator: checkpoints at an interval or on request.
using coordinator_actor = caf::typed_actor<
    /// Takes a checkpoint (the next one, if one is running) and answers it
    /// once it completed or failed.
    caf::replies_to<checkpoint_atom>::with<checkpoint_status>,
    /// Takes a checkpoint and copies the state into the savepoint
    /// directory; answers the copy's path.
    caf::replies_to<savepoint_atom>::with<std::string>,
    /// The interval timer, and (tick, id) the timeout of checkpoint id.
    caf::reacts_to<tick_atom>, caf::reacts_to<tick_atom, int64_t>>;

} // namespace eddy
