// Announces this member and reads the others on one thread: a producer for
// the announcements, a consumer of a group of its own that reads the topic
// from its start at every start-up (nothing is committed).
#include "connectors/kafka/member_board.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "actors/wall_clock.hpp"
#include "connectors/kafka/consumer.hpp"
#include "connectors/kafka/producer.hpp"
#include "messages/cluster_json.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

namespace {

const log::context board_log{"", "cluster"};

/// How long a poll waits for announcements: bounds how late a stop is seen.
constexpr std::chrono::milliseconds poll_wait{100};

/// How long an announcement may take to be delivered (a first one waits
/// for the producer's id).
constexpr std::chrono::milliseconds delivery_wait{5000};

/// What a stopping member sends: an empty announcement, which readers take
/// as its leaving.
constexpr std::string_view leaving{};

kafka_properties reader_properties(const member_board_options& opts) {
  auto props = opts.client;
  props.erase("group.instance.id");
  props.erase("transactional.id");
  // Its own group: it reads every partition, from the start.
  props["group.id"] = opts.topic + ".reader." + opts.instance;
  props["auto.offset.reset"] = "earliest";
  return props;
}

kafka_properties writer_properties(const member_board_options& opts) {
  auto props = producer_properties(opts.client);
  props.erase("group.instance.id");
  props.erase("transactional.id");
  return props;
}

} // namespace

struct member_board::shared
    : std::enable_shared_from_this<member_board::shared> {
  member_board_options options;
  member_description describe_self;
  mutable std::mutex mtx;
  std::optional<cluster_member> self;          // guarded by mtx
  std::map<std::string, cluster_member> heard; // guarded by mtx
  std::atomic<bool> stopping{false};
  std::thread thread;
  // Once per outage each: a broker that stays down does not flood the log.
  bool is_announce_failing = false;
  bool is_read_failing = false;

  void set_self(cluster_member member) {
    std::lock_guard guard{mtx};
    self = std::move(member);
  }

  void hear(const kafka_message_view& msg) {
    std::lock_guard guard{mtx};
    if (msg.payload.empty()) {
      heard.erase(std::string{msg.key});
      return;
    }
    auto member = read_cluster_member(msg.payload);
    if (!member) {
      board_log.warn("skipped an announcement on " + options.topic + ": " +
                     describe(member.error()));
      return;
    }
    auto& known = heard[member->instance];
    if (member->announced_at_ms >= known.announced_at_ms)
      known = std::move(*member);
  }

  void announce(kafka_producer& producer) {
    // The answer may come on another thread, after this board is gone.
    std::weak_ptr<shared> alive = weak_from_this();
    describe_self([alive](cluster_member member) {
      if (auto board = alive.lock())
        board->set_self(std::move(member));
    });
    std::optional<cluster_member> now;
    {
      std::lock_guard guard{mtx};
      now = self;
    }
    if (!now)
      return;
    send(producer, to_json(*now).dump());
  }

  void send(kafka_producer& producer, std::string_view payload) {
    auto sent = producer.send(options.topic, options.instance, payload);
    if (sent)
      sent = producer.flush(delivery_wait);
    if (!sent && !is_announce_failing)
      board_log.warn("cannot announce this member on " + options.topic + ": " +
                     describe(sent.error()));
    is_announce_failing = !sent;
  }

  void run(kafka_producer producer, kafka_consumer consumer) {
    auto next_announce = std::chrono::steady_clock::now();
    while (!stopping.load()) {
      if (std::chrono::steady_clock::now() >= next_announce) {
        announce(producer);
        next_announce =
            std::chrono::steady_clock::now() + options.announce_interval;
      }
      auto polled = consumer.poll_each(
          256, poll_wait, [this](const kafka_message_view& msg) { hear(msg); });
      if (!polled && !is_read_failing)
        board_log.warn("cannot read " + options.topic + ": " +
                       describe(polled.error()));
      is_read_failing = !polled;
    }
    send(producer, leaving);
    consumer.close();
  }
};

caf::expected<std::unique_ptr<member_board>>
member_board::start(member_board_options options, member_description describe) {
  auto producer =
      kafka_producer::make(writer_properties(options),
                           kafka_producer::default_init_timeout, board_log);
  if (!producer)
    return producer.error();
  auto consumer = kafka_consumer::make(reader_properties(options),
                                       {options.topic}, {}, board_log);
  if (!consumer)
    return consumer.error();
  auto state = std::make_shared<shared>();
  state->options = std::move(options);
  state->describe_self = std::move(describe);
  state->thread =
      std::thread{[state = state.get(), producer = std::move(*producer),
                   consumer = std::move(*consumer)]() mutable {
        state->run(std::move(producer), std::move(consumer));
      }};
  return std::unique_ptr<member_board>{new member_board{std::move(state)}};
}

member_board::member_board(std::shared_ptr<shared> state)
    : state_(std::move(state)) {}

member_board::~member_board() {
  state_->stopping = true;
  state_->thread.join();
}

std::vector<cluster_member> member_board::members() const {
  auto oldest = wall_clock_ms() - state_->options.member_timeout.count();
  std::vector<cluster_member> result;
  std::lock_guard guard{state_->mtx};
  for (auto& [instance, member] : state_->heard)
    if (instance != state_->options.instance &&
        member.announced_at_ms >= oldest)
      result.push_back(member);
  if (state_->self)
    result.push_back(*state_->self);
  std::sort(result.begin(), result.end(),
            [](const cluster_member& a, const cluster_member& b) {
              return a.instance < b.instance;
            });
  return result;
}

} // namespace eddy
