// librdkafka's murmur2 partitioner is the Java client's, bit for bit.
#include "connectors/kafka/key_partition.hpp"

#include <librdkafka/rdkafka.h>

namespace eddy {

int32_t kafka_partition_of(std::string_view key, int32_t partitions) {
  // Neither the topic nor the opaques are read by this partitioner.
  return rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(),
                                          partitions, nullptr, nullptr);
}

} // namespace eddy
