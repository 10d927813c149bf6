// Where an operator's outputs go: one link per consumer (a window, a sink),
// each taking its own share of every batch in its own record type, so one
// partition feeds a window with some of its outputs and sinks with others.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/make_message.hpp"
#include "caf/message.hpp"

#include "messages/actor_interfaces.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// What an operator stamps on every batch it sends for one input batch.
struct batch_stamp {
  int32_t partition = 0;
  int64_t processing_time = 0;
  source_partition from{};
  offset_t last_offset = -1;
  int64_t watermark = no_watermark;
  /// Whether the watermark moved with this batch: a consumer that follows
  /// event time gets a batch without records then.
  bool watermark_moved = false;
};

template <class Out>
struct output_link {
  /// The consumer, a consumer_actor<T> of its own T, as checkpoints, flushes
  /// and the batches from `share` address it.
  caf::actor consumer;
  /// Its share of `outputs` as the message to send (an output_batch<T>), or
  /// nothing when it takes no record and needs no watermark. With `owned`
  /// the records are this link's alone and may be moved from.
  std::function<std::optional<caf::message>(
      std::vector<Out>& outputs, bool owned, const batch_stamp& stamp)>
      share;
};

/// A link to `consumer` that takes what `select(const Out&, std::vector<T>&)`
/// appends for each output (a filter, a map, or both), and batches without
/// records when the watermark moved if `follows_watermarks`.
template <class Out, class T, class Select>
output_link<Out> make_link(const consumer_actor<T>& consumer, Select select,
                           bool follows_watermarks = false) {
  output_link<Out> link;
  link.consumer = caf::actor_cast<caf::actor>(consumer);
  link.share = [select = std::move(select), follows_watermarks](
                   std::vector<Out>& outputs, bool,
                   const batch_stamp& stamp) -> std::optional<caf::message> {
    output_batch<T> out{
        stamp.partition, stamp.processing_time, {},
        stamp.from,      stamp.last_offset,     stamp.watermark};
    for (auto& rec : outputs)
      select(rec, out.records);
    if (out.records.empty() && !(follows_watermarks && stamp.watermark_moved))
      return std::nullopt;
    return caf::make_message(std::move(out));
  };
  return link;
}

/// A link that takes every output as it is (moving them when it may).
template <class Out>
output_link<Out> make_link(const consumer_actor<Out>& consumer,
                           bool follows_watermarks = false) {
  output_link<Out> link;
  link.consumer = caf::actor_cast<caf::actor>(consumer);
  link.share = [follows_watermarks](
                   std::vector<Out>& outputs, bool owned,
                   const batch_stamp& stamp) -> std::optional<caf::message> {
    if (outputs.empty() && !(follows_watermarks && stamp.watermark_moved))
      return std::nullopt;
    output_batch<Out> out{
        stamp.partition, stamp.processing_time, {},
        stamp.from,      stamp.last_offset,     stamp.watermark};
    if (owned)
      out.records = std::move(outputs);
    else
      out.records = outputs;
    return caf::make_message(std::move(out));
  };
  return link;
}

} // namespace eddy
