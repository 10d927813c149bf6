// Asks the broker for each topic's partitions, through a consumer that
// subscribes to nothing.
#include "connectors/kafka/topic_partitions.hpp"

#include "connectors/kafka/consumer.hpp"
#include "messages/error.hpp"

namespace eddy {

caf::expected<int32_t>
co_partitioned_count(kafka_properties properties,
                     const std::vector<std::string>& topics,
                     std::chrono::milliseconds timeout) {
  // Not a member: its instance id would be the job consumer's own.
  properties.erase("group.instance.id");
  auto consumer = kafka_consumer::make(properties, {}, {});
  if (!consumer)
    return consumer.error();
  int32_t count = 0;
  std::string counted;
  for (auto& topic : topics) {
    auto offsets = consumer->offsets(topic, timeout);
    if (!offsets)
      return offsets.error();
    auto partitions = static_cast<int32_t>(offsets->size());
    if (!counted.empty() && partitions != count)
      return make_error(
          ec::invalid_config,
          "kafka topics '" + counted + "' (" + std::to_string(count) +
              " partitions) and '" + topic + "' (" +
              std::to_string(partitions) +
              ") feed one job in a cluster and must have as many partitions, "
              "so that a key has one owner");
    count = partitions;
    counted = topic;
  }
  return count;
}

} // namespace eddy
