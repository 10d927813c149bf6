// A key is answered by the member that announced its input partition.
#include "runtime/key_owner.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "connectors/kafka/key_partition.hpp"

using namespace eddy;

namespace {

cluster_member member(std::string instance, std::vector<int32_t> owned) {
  cluster_member result{instance, "http://" + instance + ":8080", 1, {}};
  for (auto p : owned)
    result.partitions.push_back({"inventory", "transaction.log.1", p, 0});
  return result;
}

} // namespace

TEST_CASE("a key's owner is the member that owns the partition it hashes "
          "to") {
  std::vector<cluster_member> members{member("a", {0, 1}), member("b", {2, 3})};
  for (std::string key : {"item_1", "item_2", "item_3", "item_42"}) {
    auto partition = kafka_partition_of(key, 4);
    auto owner = owner_of_key("inventory", key, 4, members, "a");
    CHECK(owner.partition == partition);
    if (partition < 2) {
      CHECK(owner.where == key_owner::place::here);
      CHECK(owner.instance == "a");
    } else {
      CHECK(owner.where == key_owner::place::member);
      CHECK(owner.instance == "b");
      CHECK(owner.url == "http://b:8080");
    }
  }
}

TEST_CASE("a key whose partition no member owns has no owner, and a job not "
          "shared by key answers every key here") {
  std::vector<cluster_member> members{member("a", {0}), member("b", {})};
  std::string unowned = "item_0";
  for (int i = 1; kafka_partition_of(unowned, 4) == 0; ++i)
    unowned = "item_" + std::to_string(i);
  CHECK(owner_of_key("inventory", unowned, 4, members, "a").where ==
        key_owner::place::nobody);
  // Another job's partitions do not count.
  CHECK(owner_of_key("ipdr", unowned, 4, members, "a").where ==
        key_owner::place::nobody);
  auto alone = owner_of_key("inventory", unowned, 0, members, "a");
  CHECK(alone.where == key_owner::place::here);
  CHECK(alone.partition == -1);
}
