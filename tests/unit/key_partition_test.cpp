// Keys land on the partitions Kafka's Java producer picks for them.
#include "connectors/kafka/key_partition.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using namespace eddy;

TEST_CASE("a key's partition is the Java producer's: toPositive(murmur2) % "
          "partitions") {
  // The hashes of Kafka's own UtilsTest.testMurmur2.
  std::vector<std::pair<std::string, int32_t>> java_hashes{
      {"21", -973932308},
      {"foobar", -790332482},
      {"a-little-bit-long-string", -985981536},
      {"a-little-bit-longer-string", -1486304829},
      {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
      {"abc", 479470107}};
  // Not a structured binding: clang 14 cannot capture one in the
  // message's lambda.
  for (auto& java : java_hashes) {
    auto& key = java.first;
    auto positive =
        static_cast<int32_t>(static_cast<uint32_t>(java.second) & 0x7fffffffU);
    for (int32_t partitions : {1, 4, 7, 1'000'003})
      CHECK_MESSAGE(kafka_partition_of(key, partitions) ==
                        positive % partitions,
                    key << " over " << partitions << " partitions");
  }
}
