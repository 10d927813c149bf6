// In a cluster, a Kafka record must come on the partition its key hashes to.
#include "runtime/misrouted_records.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using namespace eddy;

namespace {

// Makes one record per comma-separated word of the payload; its key is the
// word.
kafka_parser<std::string> words() {
  return [](const kafka_message_view& msg, emitter<std::string>& out) {
    std::string_view rest = msg.payload;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      out.emit(std::string{rest.substr(0, comma)});
      rest.remove_prefix(comma == std::string_view::npos ? rest.size()
                                                         : comma + 1);
    }
    return caf::error{};
  };
}

caf::error parse(kafka_parser<std::string>& parse, std::string_view payload,
                 int32_t partition, std::vector<std::string>& made) {
  kafka_message_view msg{"t", partition, 0, {}, payload, -1};
  vector_emitter<std::string> out{made};
  return parse(msg, out);
}

} // namespace

TEST_CASE(
    "records on their key's partition pass, and a message with one record "
    "of another partition makes none and says which") {
  auto checked = refuse_misrouted(
      words(), 4,
      [](const std::string& word) -> std::string_view { return word; });
  std::string here = "k0";
  std::string there = "k1";
  for (int i = 2; kafka_partition_of(there, 4) == kafka_partition_of(here, 4);
       ++i)
    there = "k" + std::to_string(i);
  auto p = kafka_partition_of(here, 4);
  std::vector<std::string> made;
  REQUIRE_FALSE(parse(checked, here + "," + here, p, made));
  CHECK(made == std::vector<std::string>{here, here});
  made.clear();
  auto err = parse(checked, here + "," + there, p, made);
  REQUIRE(err);
  CHECK(err == ec::misrouted_record);
  CHECK(made.empty());
  auto reason = describe(err);
  CHECK(reason.find("'" + there + "'") != std::string::npos);
  CHECK(reason.find("partition " + std::to_string(kafka_partition_of(
                                       there, 4))) != std::string::npos);
}
