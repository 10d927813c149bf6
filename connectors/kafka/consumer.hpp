// A Kafka consumer in a group: polls messages, lets its owner choose start
// offsets when partitions arrive and commit before they go, and commits
// explicit offsets (never automatically).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"
#include "messages/log.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// One consumed message as librdkafka holds it: the views are valid only
/// during the call that passes it. `timestamp_ms` is -1 when the broker
/// gave none.
struct kafka_message_view {
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view key;
  std::string_view payload;
  int64_t timestamp_ms = -1;
};

/// One consumed message, owning its bytes.
struct kafka_message {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string payload;
  int64_t timestamp_ms = -1;
};

/// Called with each message of a poll, in order per partition.
using kafka_message_handler = std::function<void(const kafka_message_view&)>;

/// The offsets of one partition's first message and of the one after its
/// last: the partition holds [begin, end).
struct offset_range {
  offset_t begin = 0;
  offset_t end = 0;
};

/// What the consumer calls during a rebalance, always on the thread inside
/// poll() or close(). Topic-partitions are source_partition{topic, p}.
struct kafka_rebalance_callbacks {
  /// Partitions were assigned; answers the offset to start reading each at.
  /// A partition missing from the answer (or mapped to a negative offset)
  /// starts at its committed offset, or by `auto.offset.reset` without one.
  std::function<std::map<source_partition, offset_t>(
      const std::vector<source_partition>&)>
      on_assigned;
  /// Partitions are about to be taken away (group rebalance, eager or
  /// cooperative, or close()): the last chance to commit them. Lost
  /// partitions (the session expired) come here too; commits then fail.
  std::function<void(const std::vector<source_partition>&)> on_revoked;
};

/// What kafka_consumer::make adds to the properties unless they set it.
/// fetch.wait.max.ms: librdkafka's 500 ms default is how long a broker may
/// hold a fetch that finds no new data. Kafka brokers answer as soon as
/// data arrives, but the dev cluster holds it the whole time, so a
/// caught-up consumer read results up to 500 ms late (end-to-end p99 518 ms
/// at 100k tx/s, 43 ms with 10). 10 ms costs an idle consumer about 100
/// small fetches a second per broker.
inline const kafka_properties kafka_consumer_defaults{
    {"enable.auto.commit", "false"},
    {"auto.offset.reset", "earliest"},
    {"fetch.wait.max.ms", "10"}};

class kafka_consumer {
public:
  /// Creates a consumer with `properties` passed to librdkafka unchanged
  /// (`group.id` is required) plus kafka_consumer_defaults unless set,
  /// and subscribes to `topics`
  /// (none: no subscription, e.g. to read committed offsets only). Fails
  /// with ec::invalid_config naming a bad property. Its log lines name
  /// `log_context`; without an actor, the client (librdkafka's name for
  /// it, "<client.id>#consumer-<n>").
  [[nodiscard]] static caf::expected<kafka_consumer>
  make(const kafka_properties& properties,
       const std::vector<std::string>& topics,
       kafka_rebalance_callbacks callbacks, log::context log_context = {});

  kafka_consumer(kafka_consumer&&) noexcept;
  kafka_consumer& operator=(kafka_consumer&&) noexcept;

  /// Closes without calling the callbacks (their owner may be gone).
  ~kafka_consumer();

  /// Waits up to `timeout` for a first message, then takes what is already
  /// fetched, at most `max_messages`, in order per partition; runs the
  /// rebalance callbacks when due. Transient errors (broker down, unknown
  /// topic) are logged once per kind and yield no messages; a fatal client
  /// error fails with ec::connector_failure.
  [[nodiscard]] caf::expected<std::vector<kafka_message>>
  poll(size_t max_messages, std::chrono::milliseconds timeout);

  /// As poll(), but hands each message to `handle` straight from
  /// librdkafka's buffers, copying nothing; answers how many it handled.
  [[nodiscard]] caf::expected<size_t>
  poll_each(size_t max_messages, std::chrono::milliseconds timeout,
            const kafka_message_handler& handle);

  /// Why no broker can be reached, as librdkafka last reported it (every
  /// broker down, with the last connection error, e.g. "1/1 brokers are
  /// down (127.0.0.1:1/bootstrap: Connect to ... failed: Connection
  /// refused ...)"), or empty while one can. poll() and poll_each() update
  /// it: while every broker is down they ask one for metadata once a second
  /// (waiting at most 100 ms) to notice that it is back. Call it on the
  /// polling thread.
  [[nodiscard]] const std::string& brokers_down() const;

  /// Commits `next_offsets` (per {topic, partition}: the next offset to
  /// read) synchronously. Fails with ec::connector_failure naming the
  /// partition and reason (e.g. the partition was reassigned meanwhile).
  [[nodiscard]] caf::expected<void> commit(const position_map& next_offsets);

  /// The group's committed next offsets for `partitions` (those without a
  /// commit are left out), asking the broker for at most `timeout`.
  [[nodiscard]] caf::expected<position_map>
  committed(const std::vector<source_partition>& partitions,
            std::chrono::milliseconds timeout);

  /// Per partition of `topic`, the offsets it holds now, asking the broker
  /// for at most `timeout`. With `isolation.level=read_committed` (the
  /// default) the end is the last stable offset: an open transaction ends
  /// it. Fails with ec::connector_failure naming the topic when it does not
  /// exist or the broker did not answer in time.
  [[nodiscard]] caf::expected<std::map<source_partition, offset_range>>
  offsets(const std::string& topic, std::chrono::milliseconds timeout);

  /// Per assigned partition, the offset poll() goes on from: after the last
  /// message it returned, or after transaction markers and aborted messages
  /// it skipped. Partitions without a position yet are left out.
  /// Thread-safe.
  position_map positions() const;

  /// The partitions assigned now. Thread-safe.
  std::vector<source_partition> assignment() const;

  /// Per assigned partition, messages in the partition after the last one
  /// poll() returned, from the last fetch's high watermark (no broker
  /// round trip); partitions not fetched yet are left out. Thread-safe.
  std::map<source_partition, int64_t> lag() const;

  /// Leaves the group (calling on_revoked for the current assignment) and
  /// stops fetching. Idempotent; poll() must not be called afterwards.
  void close();

private:
  struct impl;
  explicit kafka_consumer(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
