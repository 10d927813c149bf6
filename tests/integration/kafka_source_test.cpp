// The Kafka source between the dev cluster and a recording ingress: records
// carry their Kafka offsets, malformed messages become dead letters, and
// only acknowledged offsets are committed.
#include "connectors/kafka/kafka_source.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/send.hpp"

#include "actors/sink.hpp"
#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"
#include "tests/support/closed_port.hpp"
#include "tests/support/collecting_writer.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

using number_ingress = ingress_actor<int64_t, int64_t>;
using number_source = kafka_source<int64_t, int64_t>;

/// What the recording ingress received, and how far the test lets it
/// acknowledge.
struct ingress_log {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<batch<int64_t>> batches;
  /// Partitions announced (an empty batch), each time before their first
  /// batch of records or not.
  std::vector<std::pair<source_partition, bool>> announced;
  std::map<source_partition, offset_t> highest;
  /// Per partition, the highest offset reported as acknowledged; without an
  /// entry everything received is.
  std::map<source_partition, offset_t> ack_limit;
  size_t records = 0;

  void take(const batch<int64_t>& in) {
    std::lock_guard guard{mtx};
    if (in.records.empty()) {
      auto before_records = std::none_of(
          batches.begin(), batches.end(),
          [&](const batch<int64_t>& b) { return b.from == in.from; });
      announced.emplace_back(in.from, before_records);
      return;
    }
    batches.push_back(in);
    records += in.records.size();
    auto& top = highest.try_emplace(in.from, -1).first->second;
    for (auto& rec : in.records)
      top = std::max(top, rec.offset);
    cv.notify_all();
  }

  position_map acknowledged() {
    std::lock_guard guard{mtx};
    position_map result = highest;
    for (auto& [part, limit] : ack_limit)
      if (auto i = result.find(part); i != result.end())
        i->second = std::min(i->second, limit);
    return result;
  }

  bool wait_for(size_t n) {
    std::unique_lock guard{mtx};
    return cv.wait_for(guard, 30s, [&] { return records >= n; });
  }

  std::vector<batch<int64_t>> received() {
    std::lock_guard guard{mtx};
    return batches;
  }

  std::vector<std::pair<source_partition, bool>> announcements() {
    std::lock_guard guard{mtx};
    return announced;
  }
};

/// Acknowledges every batch at once and answers positions from the log.
number_ingress::behavior_type
recording_ingress(std::shared_ptr<ingress_log> log) {
  return {
      [log](batch<int64_t>& in) {
        log->take(in);
        batch_ack<int64_t> ack;
        ack.from = in.from;
        ack.applied = static_cast<uint32_t>(in.records.size());
        if (!in.records.empty())
          ack.last_offset = in.records.back().offset;
        return ack;
      },
      [](restarted_atom, int32_t) {},
      [](tick_atom) {},
      [log](positions_atom) { return log->acknowledged(); },
      [](stop_atom) { return true; },
      [](persisted_atom, const checkpoint_positions&) {
        return position_map{};
      },
  };
}

caf::expected<int64_t> parse_number(const kafka_message_view& msg) {
  int64_t value = 0;
  auto text = msg.payload;
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || end != text.data() + text.size())
    return make_error(ec::malformed_record,
                      "expected a number, got \"" + std::string{text} + "\"");
  return value;
}

caf::actor_system_config& two_threads(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

/// The dev cluster, a recording ingress, a dead-letter sink, and a source
/// between them, made on demand.
struct source_fixture {
  dev_kafka kafka;
  std::string group = unique_group_id();
  caf::actor_system_config cfg;
  caf::actor_system sys{two_threads(cfg)};
  std::shared_ptr<ingress_log> log = std::make_shared<ingress_log>();
  std::shared_ptr<collected<dead_letter>> letters =
      std::make_shared<collected<dead_letter>>();
  number_ingress ingress = sys.spawn(recording_ingress, log);
  sink_actor<dead_letter> dead_letters =
      sys.spawn(sink<dead_letter>,
                std::make_unique<collecting_writer<dead_letter>>(letters),
                sink_options{.max_batch = 1, .max_delay = 50ms});
  std::unique_ptr<number_source> source;
  /// Where the source looks for brokers; empty: the dev cluster.
  std::string bootstrap_servers;
  std::chrono::milliseconds ready_timeout = 60s;

  explicit source_fixture(int partitions) : kafka({{"events", partitions}}) {}

  ~source_fixture() {
    source.reset(); // stops before the actors go
    caf::anon_send_exit(ingress, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(dead_letters, caf::exit_reason::user_shutdown);
  }

  /// Sends each payload with its own key.
  void produce(const std::vector<std::string>& payloads) {
    auto producer =
        kafka_producer::make(test_kafka_properties(kafka.bootstrap_servers()));
    REQUIRE(producer);
    for (size_t i = 0; i < payloads.size(); ++i)
      REQUIRE(
          producer->send("events", "key_" + std::to_string(i), payloads[i]));
    REQUIRE(producer->flush(10s));
  }

  void start(std::chrono::milliseconds commit_interval = 100ms,
             number_source::resume_function resume_at = {}) {
    kafka_source_options options;
    options.properties = test_kafka_properties(bootstrap_servers.empty()
                                                   ? kafka.bootstrap_servers()
                                                   : bootstrap_servers,
                                               group);
    options.topics = {"events"};
    options.commit_interval = commit_interval;
    options.ready_timeout = ready_timeout;
    auto made =
        number_source::make(sys, options, ingress, dead_letters,
                            one_record{parse_number}, std::move(resume_at));
    if (!made)
      FAIL(describe(made.error()));
    source = std::move(*made);
  }

  /// The group's committed offsets, straight from Kafka.
  position_map committed_in_kafka(int partitions) {
    auto reader = kafka_consumer::make(
        test_kafka_properties(kafka.bootstrap_servers(), group), {}, {});
    REQUIRE(reader);
    std::vector<source_partition> parts;
    for (int p = 0; p < partitions; ++p)
      parts.push_back({"events", p});
    auto result = reader->committed(parts, 10s);
    REQUIRE(result);
    return *result;
  }

  /// Waits until the source has committed `expected`.
  bool wait_for_commit(const position_map& expected) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (source->committed() != expected &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    return source->committed() == expected;
  }
};

std::vector<std::string> numbers(int count) {
  std::vector<std::string> result;
  for (int i = 0; i < count; ++i)
    result.push_back(std::to_string(i));
  return result;
}

} // namespace

TEST_CASE("records reach the ingress with their Kafka offsets, one batch per "
          "partition at a time") {
  source_fixture fix{2};
  fix.produce(numbers(40));
  fix.start();
  REQUIRE(fix.log->wait_for(40));
  std::map<source_partition, offset_t> next;
  std::set<int64_t> values;
  for (auto& b : fix.log->received())
    for (auto& rec : b.records) {
      CHECK(rec.offset == next[b.from]++);
      values.insert(rec.record);
    }
  CHECK(next.size() == 2);
  CHECK(values.size() == 40);
}

TEST_CASE("each assigned partition announces itself to the ingress before "
          "its first records, so that event time waits for it") {
  source_fixture fix{2};
  fix.produce(numbers(40));
  fix.start();
  REQUIRE(fix.log->wait_for(40));
  auto announced = fix.log->announcements();
  REQUIRE(announced.size() == 2);
  std::set<int32_t> partitions;
  for (auto& [part, before_records] : announced) {
    partitions.insert(part.partition);
    CHECK(before_records);
  }
  CHECK(partitions == std::set<int32_t>{0, 1});
}

TEST_CASE("a malformed message goes to the dead letters with its position "
          "and the reason, and the others go on") {
  source_fixture fix{1};
  fix.produce({"1", "oops", "3"});
  fix.start();
  auto letter = fix.letters->poll(30s);
  REQUIRE(letter);
  CHECK(letter->source == "kafka events/0@1");
  CHECK(letter->record == "oops");
  CHECK(letter->reason == "malformed_record: expected a number, got \"oops\"");
  REQUIRE(fix.log->wait_for(2));
  CHECK(fix.source->malformed() == 1);
}

TEST_CASE("offsets are committed only up to what the ingress acknowledged") {
  source_fixture fix{1};
  fix.log->ack_limit[{"events", 0}] = 4;
  fix.produce(numbers(10));
  fix.start();
  REQUIRE(fix.log->wait_for(10));
  REQUIRE(fix.wait_for_commit({{{"events", 0}, 5}}));
  std::this_thread::sleep_for(300ms); // three more commit intervals
  CHECK(fix.committed_in_kafka(1) == position_map{{{"events", 0}, 5}});
}

TEST_CASE("stopping the source commits everything the ingress acknowledged") {
  source_fixture fix{2};
  fix.produce(numbers(20));
  fix.start(1h);
  REQUIRE(fix.log->wait_for(20));
  auto received = fix.log->acknowledged();
  fix.source->stop();
  position_map expected;
  for (auto& [part, offset] : received)
    expected[part] = offset + 1;
  CHECK(fix.committed_in_kafka(2) == expected);
}

TEST_CASE("resume_at decides where a partition starts reading") {
  source_fixture fix{1};
  fix.produce(numbers(10));
  fix.start(100ms, [](const source_partition&) { return offset_t{6}; });
  REQUIRE(fix.log->wait_for(4));
  auto batches = fix.log->received();
  REQUIRE(!batches.empty());
  CHECK(batches.front().records.front().offset == 6);
  CHECK(batches.front().records.front().record == 6);
}

namespace {

/// Polls the source's health until `holds` is true of it, for up to `wait`.
template <class Predicate>
source_health wait_for_health(const number_source& source, Predicate holds,
                              std::chrono::milliseconds wait = 30s) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  auto health = source.health();
  while (!holds(health) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    health = source.health();
  }
  return health;
}

} // namespace

TEST_CASE("a source whose broker cannot be reached is reported disconnected "
          "once the ready timeout passed, naming the broker") {
  source_fixture fix{1};
  closed_port nobody;
  fix.bootstrap_servers = nobody.address();
  fix.ready_timeout = 1s;
  auto started = std::chrono::steady_clock::now();
  fix.start();
  CHECK(fix.source->health().state == source_state::running);
  auto health = wait_for_health(*fix.source, [](const source_health& h) {
    return h.state == source_state::disconnected;
  });
  CHECK(std::chrono::steady_clock::now() - started >= 1s);
  REQUIRE(health.state == source_state::disconnected);
  INFO(health.reason);
  CHECK(health.reason.find("no broker can be reached") != std::string::npos);
  CHECK(health.reason.find(nobody.address()) != std::string::npos);
}

TEST_CASE("a source with its partitions assigned runs, though the group took "
          "longer than the ready timeout to assign them") {
  source_fixture fix{2};
  fix.ready_timeout = 1s;
  fix.start();
  // The dev cluster holds a new group's first assignment for 3 s.
  auto health = wait_for_health(*fix.source, [](const source_health& h) {
    return h.state == source_state::disconnected;
  });
  CHECK(health.reason.find("no partition of 'events' is assigned") !=
        std::string::npos);
  fix.produce(numbers(10));
  REQUIRE(fix.log->wait_for(10));
  health = fix.source->health();
  CHECK(health.state == source_state::running);
  CHECK(health.reason.empty());
}

} // namespace eddy::test
