// In a cluster, a key's state lives with the Kafka partition its key hashes
// to, so a record that arrives on another partition would split its key's
// state between two processes: it is refused as a dead letter instead.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "caf/error.hpp"

#include "connectors/kafka/consumer.hpp"
#include "connectors/kafka/key_partition.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class In>
using kafka_parser =
    std::function<caf::error(const kafka_message_view&, emitter<In>&)>;

/// `parse`, refusing a message (with ec::misrouted_record) when a record it
/// makes has a key (`key_of`) that belongs to another of the input's
/// `partitions` than the message's.
template <class In, class KeyOf>
kafka_parser<In> refuse_misrouted(kafka_parser<In> parse, int32_t partitions,
                                  KeyOf key_of) {
  return [parse = std::move(parse), partitions, key_of,
          made = std::vector<In>{}](const kafka_message_view& msg,
                                    emitter<In>& out) mutable -> caf::error {
    made.clear();
    vector_emitter<In> collect{made};
    if (auto err = parse(msg, collect))
      return err;
    for (auto& record : made) {
      std::string_view key = key_of(record);
      auto owner = kafka_partition_of(key, partitions);
      if (owner != msg.partition)
        return make_error(
            ec::misrouted_record,
            "key '" + std::string{key} + "' belongs to partition " +
                std::to_string(owner) + " of " + std::to_string(partitions) +
                " (murmur2, as Kafka's Java producer places keys), not to " +
                std::to_string(msg.partition) +
                ": in a cluster, a job's input must be keyed by the job's key");
    }
    for (auto& record : made)
      out.emit(std::move(record));
    return {};
  };
}

} // namespace eddy
