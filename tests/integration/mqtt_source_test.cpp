// The MQTT source against a real mosquitto: parsed payloads reach the
// ingress at their offsets in the source's log, nothing the broker
// acknowledged is lost across a broker restart, what the log holds is fed
// again by a new source, and malformed payloads become dead letters.
#include "connectors/mqtt/mqtt_source.hpp"

#include <atomic>
#include <charconv>
#include <mutex>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "caf/actor_system_config.hpp"
#include "caf/send.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "connectors/mqtt/mqtt_publisher.hpp"
#include "tests/support/collecting_writer.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

// The test job's input: payloads look like "ID:TEXT".
struct reading {
  int64_t id = 0;
  std::string text;
};

caf::expected<reading> parse_reading(std::string_view topic,
                                     std::string_view payload) {
  auto colon = payload.find(':');
  reading result;
  if (colon != std::string_view::npos && colon > 0) {
    auto digits = payload.substr(0, colon);
    auto* end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, result.id);
    if (ec == std::errc{} && ptr == end) {
      result.text = payload.substr(colon + 1);
      return result;
    }
  }
  return make_error(ec::malformed_record,
                    "topic '" + std::string{topic} +
                        "': expected ID:TEXT with an integer ID, got \"" +
                        std::string{payload} + "\"");
}

// What the test ingress saw of one record.
struct received {
  source_partition from;
  offset_t offset = 0;
  reading record;
};

using test_ingress = ingress_actor<reading, int>;

// Answers every batch at once and records it: the MQTT source's view of a
// job that always has room.
test_ingress::behavior_type
recording_ingress(std::shared_ptr<test::collected<received>> into) {
  return {
      [into](batch<reading>& in) -> batch_ack<int> {
        std::vector<received> got;
        for (auto& rec : in.records)
          got.push_back({in.from, rec.offset, rec.record});
        into->push(got);
        return {in.from, -1, static_cast<uint32_t>(in.records.size()), 0, {}};
      },
      [](restarted_atom, int32_t) {},
      [](tick_atom) {},
      [](positions_atom) { return position_map{}; },
      [](stop_atom) { return true; },
      [](persisted_atom, const checkpoint_positions&) {
        return position_map{};
      },
  };
}

consumer_actor<dead_letter>::behavior_type
collecting_dead_letters(std::shared_ptr<test::collected<dead_letter>> into) {
  return {
      [into](output_batch<dead_letter>& in) -> uint64_t {
        into->push(in.records);
        return in.records.size();
      },
      [](flush_atom) -> uint64_t { return 0; },
      [](checkpoint_atom, int64_t, int32_t) { return uint64_t{0}; },
      [](commit_atom, int64_t, bool) {},
  };
}

// A broker, an actor system with the test ingress and dead-letter consumer,
// and the MQTT source between them.
struct source_fixture {
  static constexpr auto filter = "eddy/test/#";

  test::mosquitto_broker broker;
  test::temp_dir log_dir;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::shared_ptr<test::collected<received>> records =
      std::make_shared<test::collected<received>>();
  std::shared_ptr<test::collected<dead_letter>> dead_letters =
      std::make_shared<test::collected<dead_letter>>();
  test_ingress ingress;
  consumer_actor<dead_letter> letters;
  std::optional<mqtt_source<reading, int>> source;

  source_fixture() {
    cfg.set("scheduler.max-threads", size_t{2});
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    ingress = sys->spawn(recording_ingress, records);
    letters = sys->spawn(collecting_dead_letters, dead_letters);
    start_source(-1);
  }

  /// (Re)starts the source on the log, replaying what follows `after`.
  void start_source(offset_t after) {
    source.reset();
    auto log = received_log::open(log_dir.path());
    REQUIRE_MESSAGE(log, (log ? std::string{} : describe(log.error())));
    auto made = mqtt_source<reading, int>::make(
        *sys, {broker.uri(), "eddy-test-source", filter}, ingress, letters,
        one_record{parse_reading}, std::move(*log), after);
    REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
    source.emplace(std::move(*made));
    REQUIRE(source->wait_until_subscribed(10s));
  }

  ~source_fixture() {
    source.reset();
    caf::anon_send_exit(ingress, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(letters, caf::exit_reason::user_shutdown);
    ingress = nullptr;
    letters = nullptr;
  }

  static mqtt_publisher
  make_publisher(const std::string& uri,
                 mqtt_publisher::acknowledgement_handler on_acknowledged = {}) {
    mqtt_publisher::options opts;
    opts.broker_uri = uri;
    opts.client_id = "eddy-test-publisher";
    opts.on_acknowledged = std::move(on_acknowledged);
    auto made = mqtt_publisher::make(std::move(opts));
    REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
    return std::move(*made);
  }
};

} // namespace

TEST_CASE("messages published with QoS 1 reach the ingress with their "
          "payloads parsed") {
  source_fixture fix;
  auto publisher = source_fixture::make_publisher(fix.broker.uri());
  for (auto payload : {"1:one", "2:two", "3:three"})
    REQUIRE(!publisher.publish("eddy/test/sensor", payload));
  REQUIRE(!publisher.flush(10s));
  auto got = fix.records->poll_many(3, 10s);
  REQUIRE(got.size() == 3);
  std::vector<std::pair<int64_t, std::string>> seen;
  offset_t expected_offset = 0;
  for (auto& rec : got) {
    CHECK(rec.from == source_partition{"mqtt:eddy/test/#", 0});
    CHECK(rec.offset == expected_offset++);
    seen.emplace_back(rec.record.id, rec.record.text);
  }
  CHECK(seen == std::vector<std::pair<int64_t, std::string>>{
                    {1, "one"}, {2, "two"}, {3, "three"}});
}

TEST_CASE("a new source feeds again what the log holds after the position "
          "it is given, at the same offsets") {
  source_fixture fix;
  auto publisher = source_fixture::make_publisher(fix.broker.uri());
  for (auto payload : {"1:one", "2:two", "3:three"})
    REQUIRE(!publisher.publish("eddy/test/sensor", payload));
  REQUIRE(!publisher.flush(10s));
  REQUIRE(fix.records->poll_many(3, 10s).size() == 3);
  // As after a crash whose latest checkpoint covered offset 0.
  fix.start_source(0);
  auto again = fix.records->poll_many(2, 10s);
  REQUIRE(again.size() == 2);
  CHECK(again[0].offset == 1);
  CHECK(again[0].record.text == "two");
  CHECK(again[1].offset == 2);
  CHECK(again[1].record.text == "three");
  CHECK_FALSE(fix.records->poll(200ms));
  REQUIRE(!publisher.publish("eddy/test/sensor", "4:four"));
  REQUIRE(!publisher.flush(10s));
  auto next = fix.records->poll(10s);
  REQUIRE(next);
  CHECK(next->offset == 3);
}

TEST_CASE("every message the broker acknowledged arrives although the broker "
          "restarts mid-stream") {
  source_fixture fix;
  constexpr int64_t total = 2000;
  std::mutex mtx;
  std::set<int64_t> acknowledged;
  auto publisher = source_fixture::make_publisher(
      fix.broker.uri(), [&](std::string_view, std::string_view payload) {
        std::lock_guard guard{mtx};
        acknowledged.insert(parse_reading("", payload)->id);
      });
  // The producer keeps publishing (retrying while the broker is away); this
  // thread, which owns the broker, restarts it once 1,000 are handed over.
  caf::error publish_error;
  std::atomic<int64_t> handed_over{0};
  std::thread producer{[&] {
    for (int64_t id = 1; id <= total && !publish_error; ++id) {
      publish_error = publisher.publish("eddy/test/stream",
                                        std::to_string(id) + ":payload");
      handed_over = id;
    }
  }};
  auto restart_by = std::chrono::steady_clock::now() + 60s;
  while (handed_over < total / 2 &&
         std::chrono::steady_clock::now() < restart_by)
    std::this_thread::sleep_for(100us);
  auto handed_over_at_restart = handed_over.load();
  fix.broker.restart();
  producer.join();
  REQUIRE_MESSAGE(!publish_error, describe(publish_error));
  auto err = publisher.flush(60s);
  REQUIRE_MESSAGE(!err, describe(err) << "; the broker's log:\n"
                                      << fix.broker.log());
  // Duplicates are allowed at QoS 1: count distinct ids.
  std::set<int64_t> arrived;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (arrived.size() < total && std::chrono::steady_clock::now() < deadline)
    if (auto rec = fix.records->poll(1s))
      arrived.insert(rec->record.id);
  std::vector<int64_t> missing;
  {
    std::lock_guard guard{mtx};
    CHECK(acknowledged.size() == total);
    for (auto id : acknowledged)
      if (arrived.count(id) == 0)
        missing.push_back(id);
  }
  CHECK_MESSAGE(missing.empty(),
                missing.size() << " acknowledged messages never arrived, first "
                               << (missing.empty() ? 0 : missing.front()));
  INFO("handed over at restart: " << handed_over_at_restart << ", resent: "
                                  << publisher.current_status().resent);
  CHECK(handed_over_at_restart < total);
  CHECK(fix.source->current_status().connection.connection_losses >= 1);
}

TEST_CASE("a malformed payload goes to the dead letters with the reason and "
          "later messages still arrive") {
  source_fixture fix;
  auto publisher = source_fixture::make_publisher(fix.broker.uri());
  for (auto payload : {"1:before", "not a reading", "2:after"})
    REQUIRE(!publisher.publish("eddy/test/sensor", payload));
  REQUIRE(!publisher.flush(10s));
  auto letter = fix.dead_letters->poll(10s);
  REQUIRE(letter);
  CHECK(letter->source == "mqtt eddy/test/sensor");
  CHECK(letter->record == "not a reading");
  CHECK(letter->reason.find("expected ID:TEXT") != std::string::npos);
  auto got = fix.records->poll_many(2, 10s);
  REQUIRE(got.size() == 2);
  CHECK(got[0].record.id == 1);
  CHECK(got[1].record.id == 2);
  CHECK(fix.source->malformed() == 1);
}
