// The transactional Kafka producer and writer (exactly-once output) against
// the dev cluster: commits read back in order, a commit after an abort,
// fencing, and a second producer taking over a transactional.id.
//
// What the dev cluster (librdkafka 2.0.2's mock cluster) does not let us
// verify, measured on it:
// - Isolation. Its fetch answers have no aborted-transaction list and a
//   last stable offset equal to the end of the log, so read_committed
//   consumers see every record written: those of aborted transactions, and
//   those of transactions still open. So the tests check that committed
//   records arrive, complete and in order, but cannot check that aborted
//   or uncommitted ones stay invisible; where aborted records were written,
//   they are marked and filtered out before comparing.
// - Fencing by a second producer. Its InitProducerId hands every producer a
//   new producer id instead of bumping the epoch of the transactional.id's
//   existing one, so the first producer keeps committing after a second one
//   with the same transactional.id started. The tests check that the second
//   producer takes over, and get the first's commit fenced by making the
//   cluster answer EndTxn with PRODUCER_FENCED (eddy-devkafka
//   --fail-request), which is the answer a real broker gives a fenced
//   producer.
// - Abort on shutdown: a producer destroyed with an open transaction aborts
//   it, but the mock shows its records either way.
// - Transaction markers: it writes none, so offsets stay dense.
#include "connectors/kafka/producer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/kafka/kafka_writer.hpp"
#include "messages/error.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

const std::string transactional_id = "eddy-test-tx";

kafka_properties transactional_properties(const dev_kafka& kafka) {
  auto props = test_kafka_properties(kafka.bootstrap_servers());
  props["transactional.id"] = transactional_id;
  return props;
}

kafka_producer make_producer(const kafka_properties& props) {
  auto producer = kafka_producer::make(props, 10s);
  if (!producer)
    FAIL(describe(producer.error()));
  return std::move(*producer);
}

// Sends "prefix0", "prefix1", ... keyed "k0", "k1", ...
void send_numbered(kafka_producer& producer, const std::string& prefix,
                   int count) {
  for (int i = 0; i < count; ++i)
    REQUIRE(producer.send("out", "k" + std::to_string(i),
                          prefix + std::to_string(i)));
}

std::vector<std::string> numbered(const std::string& prefix, int count) {
  std::vector<std::string> result;
  for (int i = 0; i < count; ++i)
    result.push_back(prefix + std::to_string(i));
  return result;
}

// The payloads read, without those starting with `aborted_prefix` (the dev
// cluster shows aborted records to read_committed consumers too).
std::vector<std::string>
committed_payloads(const std::vector<kafka_message>& messages,
                   const std::string& aborted_prefix = "") {
  std::vector<std::string> result;
  for (auto& msg : messages)
    if (aborted_prefix.empty() || msg.payload.rfind(aborted_prefix, 0) != 0)
      result.push_back(msg.payload);
  return result;
}

bool names_fencing(const caf::error& err) {
  auto text = describe(err);
  return text.find("fenced") != std::string::npos &&
         text.find(transactional_id) != std::string::npos;
}

using item = std::pair<std::string, int>; // key, value

kafka_writer<item>::formatter item_format = [](const item& x, std::string& key,
                                               std::string& payload) {
  key = x.first;
  payload = x.first + ":" + std::to_string(x.second);
};

std::shared_ptr<kafka_producer> make_shared_producer(const dev_kafka& kafka) {
  return std::make_shared<kafka_producer>(
      make_producer(transactional_properties(kafka)));
}

} // namespace

// --- kafka_producer ---------------------------------------------------------

TEST_CASE("a producer with a transactional.id is transactional") {
  dev_kafka kafka{{{"out", 1}}};
  auto producer = make_producer(transactional_properties(kafka));
  CHECK(producer.transactional());
}

TEST_CASE("a producer without a transactional.id cannot begin a "
          "transaction") {
  dev_kafka kafka{{{"out", 1}}};
  auto producer =
      make_producer(test_kafka_properties(kafka.bootstrap_servers()));
  CHECK(!producer.transactional());
  auto began = producer.begin_transaction();
  REQUIRE(!began);
  CHECK(began.error() == ec::connector_failure);
}

TEST_CASE("a transactional producer that reaches no broker fails make "
          "within its timeout, naming its transactional.id") {
  auto props = test_kafka_properties("127.0.0.1:1");
  props["transactional.id"] = transactional_id;
  auto start = std::chrono::steady_clock::now();
  auto producer = kafka_producer::make(props, 2s);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(!producer);
  CHECK(producer.error() == ec::connector_failure);
  CHECK_MESSAGE(describe(producer.error()).find(transactional_id) !=
                    std::string::npos,
                describe(producer.error()));
  CHECK(took < 10s);
}

TEST_CASE("messages of committed transactions are read back by a "
          "read_committed consumer, keyed and in order") {
  dev_kafka kafka{{{"out", 1}}};
  auto producer = make_producer(transactional_properties(kafka));
  send_numbered(producer, "a", 50);
  REQUIRE(producer.commit_transaction(10s));
  REQUIRE(producer.begin_transaction());
  send_numbered(producer, "b", 50);
  REQUIRE(producer.commit_transaction(10s));
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 100, 30s,
                                isolation::read_committed);
  auto expected = numbered("a", 50);
  for (auto& payload : numbered("b", 50))
    expected.push_back(payload);
  CHECK(committed_payloads(messages) == expected);
  for (auto& msg : messages)
    CHECK(msg.key == "k" + msg.payload.substr(1));
}

TEST_CASE("a transaction begun after an abort commits, and its messages are "
          "read back by a read_committed consumer") {
  dev_kafka kafka{{{"out", 1}}};
  auto producer = make_producer(transactional_properties(kafka));
  send_numbered(producer, "aborted", 10);
  REQUIRE(producer.flush(10s)); // on the broker, then aborted
  REQUIRE(producer.abort_transaction(10s));
  REQUIRE(producer.begin_transaction());
  send_numbered(producer, "c", 10);
  REQUIRE(producer.commit_transaction(10s));
  // A real broker answers only the 10 committed ones (after the timeout).
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 20, 10s);
  CHECK(committed_payloads(messages, "aborted") == numbered("c", 10));
}

TEST_CASE("an abort drops queued messages without reporting them as failed "
          "deliveries") {
  dev_kafka kafka{{{"out", 1}}};
  auto props = transactional_properties(kafka);
  props["linger.ms"] = "5000"; // keeps the messages queued until the abort
  auto producer = make_producer(props);
  send_numbered(producer, "aborted", 10);
  REQUIRE(producer.abort_transaction(10s));
  REQUIRE(producer.begin_transaction());
  send_numbered(producer, "c", 1);
  auto committed = producer.commit_transaction(10s);
  CHECK_MESSAGE(committed, describe(committed.error()));
  CHECK(producer.failed() == 0);
  CHECK(producer.delivered() == 1); // the aborted ones never left
}

TEST_CASE("a commit the cluster answers with PRODUCER_FENCED fails, naming "
          "the fencing and the transactional.id") {
  dev_kafka kafka{{{"out", 1}}, 0, 1, {{"EndTxn", "PRODUCER_FENCED"}}};
  auto producer = make_producer(transactional_properties(kafka));
  send_numbered(producer, "x", 1);
  auto committed = producer.commit_transaction(10s);
  REQUIRE(!committed);
  CHECK(committed.error() == ec::connector_failure);
  CHECK_MESSAGE(names_fencing(committed.error()), describe(committed.error()));
}

TEST_CASE("a fenced producer can neither abort nor send, each failure "
          "naming the fencing") {
  dev_kafka kafka{{{"out", 1}}, 0, 1, {{"EndTxn", "PRODUCER_FENCED"}}};
  auto producer = make_producer(transactional_properties(kafka));
  send_numbered(producer, "x", 1);
  REQUIRE(!producer.commit_transaction(10s));
  auto aborted = producer.abort_transaction(5s);
  REQUIRE(!aborted);
  CHECK_MESSAGE(names_fencing(aborted.error()), describe(aborted.error()));
  auto sent = producer.send("out", "k", "after fencing");
  REQUIRE(!sent);
  CHECK_MESSAGE(names_fencing(sent.error()), describe(sent.error()));
}

TEST_CASE("a second producer with the same transactional.id takes over and "
          "commits") {
  dev_kafka kafka{{{"out", 1}}};
  auto first = make_producer(transactional_properties(kafka));
  send_numbered(first, "first", 1);
  REQUIRE(first.commit_transaction(10s));
  REQUIRE(first.begin_transaction());
  auto second = make_producer(transactional_properties(kafka));
  send_numbered(second, "second", 1);
  REQUIRE(second.commit_transaction(10s));
  // A real broker fences `first` now; the dev cluster does not (see above).
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 2);
  CHECK(committed_payloads(messages) ==
        std::vector<std::string>{"first0", "second0"});
}

// --- kafka_writer -----------------------------------------------------------

TEST_CASE("a Kafka writer is transactional exactly when its producer is") {
  dev_kafka kafka{{{"out", 1}}};
  kafka_writer<item> transactional{make_shared_producer(kafka), "out",
                                   item_format};
  auto plain =
      kafka_producer::make(test_kafka_properties(kafka.bootstrap_servers()));
  REQUIRE(plain);
  kafka_writer<item> at_least_once{
      std::make_shared<kafka_producer>(std::move(*plain)), "out", item_format};
  CHECK(transactional.transactional());
  CHECK(!at_least_once.transactional());
}

TEST_CASE("a transactional Kafka writer's commits make its records readable "
          "in order, each starting the next transaction") {
  dev_kafka kafka{{{"out", 1}}};
  kafka_writer<item> writer{make_shared_producer(kafka), "out", item_format};
  REQUIRE(writer.write({{"a", 1}, {"b", 2}}));
  REQUIRE(writer.flush());
  REQUIRE(writer.commit());
  REQUIRE(writer.write({{"a", 3}}));
  REQUIRE(writer.flush());
  REQUIRE(writer.commit());
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 3, 30s,
                                isolation::read_committed);
  CHECK(committed_payloads(messages) ==
        std::vector<std::string>{"a:1", "b:2", "a:3"});
}

TEST_CASE("a transactional Kafka writer aborts an epoch and commits it when "
          "written again") {
  dev_kafka kafka{{{"out", 1}}};
  kafka_writer<item> writer{make_shared_producer(kafka), "out", item_format};
  // The first attempt's records are keyed "aborted" so the check can drop
  // what the dev cluster shows of them.
  REQUIRE(writer.write({{"aborted", 1}, {"aborted", 2}}));
  REQUIRE(writer.flush());
  REQUIRE(writer.abort());
  REQUIRE(writer.write({{"epoch", 1}, {"epoch", 2}}));
  REQUIRE(writer.flush());
  REQUIRE(writer.commit());
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 4, 10s);
  CHECK(committed_payloads(messages, "aborted") ==
        std::vector<std::string>{"epoch:1", "epoch:2"});
}

TEST_CASE("a fenced transactional Kafka writer's commit fails, naming the "
          "fencing") {
  dev_kafka kafka{{{"out", 1}}, 0, 1, {{"EndTxn", "PRODUCER_FENCED"}}};
  kafka_writer<item> writer{make_shared_producer(kafka), "out", item_format};
  REQUIRE(writer.write({{"a", 1}}));
  REQUIRE(writer.flush());
  auto committed = writer.commit();
  REQUIRE(!committed);
  CHECK(committed.error() == ec::connector_failure);
  CHECK_MESSAGE(names_fencing(committed.error()), describe(committed.error()));
}

} // namespace eddy::test
