// The engine's vocabulary: where records come from (positions), how they
// travel (batches), and how partitions acknowledge them.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "caf/allowed_unsafe_message_type.hpp"

namespace eddy {

/// A record's position in its source partition; offsets grow by one or more.
using offset_t = int64_t;

/// One ordered input: a source ("transactions", "generator", a Kafka topic)
/// and one of its partitions.
struct source_partition {
  std::string source;
  int32_t partition = 0;
  friend auto operator<=>(const source_partition&,
                          const source_partition&) = default;
};

/// The highest offset applied, per source partition.
using position_map = std::map<source_partition, offset_t>;

/// The watermark before any: nothing is known yet of how far event time
/// has advanced (also "no watermark" on a batch).
inline constexpr int64_t no_watermark = std::numeric_limits<int64_t>::min();

/// What an ingress tells while it follows no event time (none of its inputs
/// had a timestamp yet, or all are idle): it holds no partition back.
inline constexpr int64_t idle_watermark = std::numeric_limits<int64_t>::max();

/// A record together with its offset in the source partition.
template <class T>
struct sequenced {
  offset_t offset = 0;
  T record;
};

/// Records of one source partition in offset order: the unit of transport
/// between a source and a partition.
template <class T>
struct batch {
  source_partition from;
  std::vector<sequenced<T>> records;
  /// Whether the acknowledgement carries the outputs (request/response
  /// ingress such as HTTP); streaming sources leave it off.
  bool wants_outputs = false;
  /// Event time: the sending ingress's watermark once this batch arrived
  /// (every later record of its sources is newer, bounded out-of-orderness
  /// aside); no_watermark if it has none.
  int64_t watermark = no_watermark;
  /// Which of the job's ingresses sent it: a partition takes the minimum
  /// of their watermarks.
  int32_t channel = 0;
  /// Records up to this offset were applied by an earlier owner of the
  /// source partition (another process of a cluster), which delivered their
  /// outputs: applying them again rebuilds state and emits nothing.
  offset_t delivered_through = -1;
};

/// A partition's answer to a batch, sent once the batch is applied and
/// persisted together with its position.
template <class Out>
struct batch_ack {
  source_partition from;
  offset_t last_offset = -1; // the highest offset now applied
  uint32_t applied = 0;      // records applied by this batch
  uint32_t skipped = 0;      // records already applied before (a replay)
  std::vector<Out> outputs;  // only if the batch wanted them
};

/// What one partition emitted for one batch, sent to its downstream actors
/// (windows, sinks). `partition` is the sender's upstream number (a
/// partition's id, or window_upstream of it). `processing_time` is the wall
/// clock at emission (ms). `from` and `last_offset` name the input batch
/// that produced it, so a consumer can drop what a restarted partition
/// emits again while it replays; what fired on time (windows, timers)
/// leaves last_offset at -1: no replay drops it, see sink.hpp.
template <class Out>
struct output_batch {
  int32_t partition = 0;
  int64_t processing_time = 0;
  std::vector<Out> records;
  source_partition from{};
  offset_t last_offset = -1;
  /// Event time: the sender's watermark once this batch arrived; a batch
  /// without records may carry only that. no_watermark if none.
  int64_t watermark = no_watermark;
};

/// The upstream number a window stamps on what it sends: apart from its
/// partition's own number, so a sink fed by both tells their checkpoint
/// barriers apart.
inline int32_t window_upstream(int32_t partition) {
  return -1 - partition;
}

/// A partition's answer to a checkpoint: what it and its downstream wrote,
/// and the positions its persisted state now covers.
struct checkpoint_ack {
  int32_t partition = 0;
  uint64_t bytes = 0;
  position_map positions{};
};

/// Sent to the ingresses when a checkpoint completes: per partition, the
/// positions its persisted state covers, so they can drop what they kept
/// for replay.
struct checkpoint_positions {
  int64_t id = 0;
  std::vector<position_map> partitions{};
};

} // namespace eddy

// Batches only travel between actors of one process and are never serialized.
namespace caf {
template <class T>
struct allowed_unsafe_message_type<eddy::batch<T>> : std::true_type {};
template <class T>
struct allowed_unsafe_message_type<eddy::batch_ack<T>> : std::true_type {};
template <class T>
struct allowed_unsafe_message_type<eddy::output_batch<T>> : std::true_type {};
} // namespace caf
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::source_partition)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::position_map)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::checkpoint_ack)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::checkpoint_positions)
