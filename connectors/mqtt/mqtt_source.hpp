// An MQTT source: parses each message of a topic filter into a job's input
// records, appends it to its write-ahead log (received_log.hpp) and pushes
// the records to an ingress, acknowledging the message to the broker once
// both are done; payloads that do not parse go to the dead letters with the
// reason. A restarted job replays from the log what its latest checkpoint
// does not cover.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "connectors/mqtt/mqtt_subscriber.hpp"
#include "connectors/mqtt/received_log.hpp"
#include "connectors/mqtt/record_forwarder.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/dead_letter.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/job_status.hpp"
#include "messages/log.hpp"

namespace eddy {

/// Deliveries run on the subscriber's thread: while the log or the dead
/// letters hold it up, the broker queues. Stop or destroy the source before
/// its actor system.
template <class In, class Out>
class mqtt_source {
public:
  /// Emits the records made of one message (none, one or more), or an
  /// error saying what is wrong with it (it becomes the dead letter's
  /// reason).
  using parser = std::function<caf::error(
      std::string_view topic, std::string_view payload, emitter<In>&)>;

  /// Replays the entries of `log` after `replay_after` (what the job's
  /// state does not cover), then subscribes in the background. Records go
  /// to `ingress` as batches of source partition {"mqtt:" + topic filter,
  /// 0}, each record at its message's offset in the log. Each message is
  /// acknowledged once it is in the log; its records follow (see
  /// record_forwarder.hpp).
  /// Fails like mqtt_subscriber::make, or naming a log that cannot be read.
  [[nodiscard]] static caf::expected<mqtt_source>
  make(caf::actor_system& sys, mqtt_subscriber::options opts,
       ingress_actor<In, Out> ingress, consumer_actor<dead_letter> dead_letters,
       parser parse, std::shared_ptr<received_log> log, offset_t replay_after) {
    auto st = std::make_unique<state>(sys);
    st->log = std::move(log);
    st->from = source_partition{"mqtt:" + opts.topic_filter, 0};
    st->dead_letters = std::move(dead_letters);
    st->parse = std::move(parse);
    st->name = "mqtt " + opts.broker_uri + " " + opts.topic_filter;
    st->log_context = opts.log_context;
    st->forwarder = std::make_unique<record_forwarder<In, Out>>(
        sys, std::move(ingress), st->from, st->log_context);
    if (auto err = st->replay(replay_after))
      return err;
    auto sub = mqtt_subscriber::make(
        std::move(opts),
        [ptr = st.get()](std::string_view topic, std::string_view payload) {
          ptr->deliver(topic, payload);
        });
    if (!sub)
      return std::move(sub.error());
    return mqtt_source{std::move(st), std::move(*sub)};
  }

  mqtt_source(mqtt_source&&) noexcept = default;
  // Assigning would free the old state while its subscriber still runs.
  mqtt_source& operator=(mqtt_source&&) = delete;

  /// Stops receiving; what was received is in the ingress (or the dead
  /// letters) by the time it returns. Idempotent.
  void stop() {
    subscriber_.stop();
    state_->forwarder->stop();
  }

  /// Records the ingress took.
  uint64_t records() const noexcept { return state_->forwarder->records(); }

  /// Payloads that did not parse (sent to the dead letters).
  uint64_t malformed() const noexcept { return state_->malformed; }

  /// Records the ingress refused (it was down), and messages that could
  /// not be logged (sent to the dead letters).
  uint64_t undelivered() const noexcept {
    return state_->forwarder->undelivered() + state_->unlogged;
  }

  /// Connection state, last error and message count, for status pages.
  mqtt_subscriber::status current_status() const {
    return subscriber_.current_status();
  }

  /// The connection's state, but disconnected (with the last error) once it
  /// has been connecting or reconnecting for longer than `ready_timeout`:
  /// a broker that restarts within it does not make the job unready.
  source_health health(std::chrono::milliseconds ready_timeout) const {
    auto st = current_status().connection;
    switch (st.state) {
    case mqtt_connection_state::connected:
      return {source_state::connected, {}};
    case mqtt_connection_state::stopped:
      return {source_state::stopped, {}};
    case mqtt_connection_state::connecting:
    case mqtt_connection_state::reconnecting:
      break;
    }
    auto waiting = st.state == mqtt_connection_state::connecting
                       ? source_state::connecting
                       : source_state::reconnecting;
    if (std::chrono::steady_clock::now() - st.since < ready_timeout)
      return {waiting, st.last_error};
    auto why = "without the broker for more than " +
               std::to_string(ready_timeout.count()) + " ms";
    return {source_state::disconnected,
            st.last_error.empty() ? why : why + ": " + st.last_error};
  }

  /// Waits until the broker confirmed the subscription; false on timeout.
  [[nodiscard]] bool
  wait_until_subscribed(std::chrono::milliseconds timeout) const {
    return subscriber_.wait_until_subscribed(timeout);
  }

private:
  // Lives on the heap so that the subscriber's pointer survives moves.
  struct state {
    explicit state(caf::actor_system& sys) : sys(sys) {}

    // Runs on the subscriber's thread; the broker gets its PUBACK after
    // this returns: the message must be in the log by then (MQTT cannot
    // replay), or in the dead letters.
    void deliver(std::string_view topic, std::string_view payload) {
      parsed.clear();
      offset_emitter<In> out{parsed, log->next_offset()};
      if (auto err = parse(topic, payload, out)) {
        ++malformed;
        send_dead_letter(topic, payload, describe(err));
        return;
      }
      if (parsed.empty())
        return;
      if (auto logged = log->append(topic, payload); !logged) {
        ++unlogged;
        send_dead_letter(topic, payload,
                         "cannot log the message: " + describe(logged.error()));
        return;
      }
      forwarder->add(parsed);
    }

    // Feeds the logged messages after `offset` again, as they came.
    caf::error replay(offset_t offset) {
      return log->replay_after(offset, [this](offset_t at,
                                              std::string_view topic,
                                              std::string_view payload) {
        parsed.clear();
        offset_emitter<In> out{parsed, at};
        // It parsed when it was logged; a parser changed since may refuse.
        if (auto err = parse(topic, payload, out)) {
          ++malformed;
          send_dead_letter(topic, payload, describe(err));
          return;
        }
        forwarder->add(parsed);
      });
    }

    void send_dead_letter(std::string_view topic, std::string_view payload,
                          std::string reason) {
      auto& self = requester();
      output_batch<dead_letter> bad;
      bad.records.push_back({"mqtt " + std::string{topic}, std::string{payload},
                             std::move(reason)});
      self->request(dead_letters, caf::infinite, std::move(bad))
          .receive([](uint64_t) {},
                   [this, topic](caf::error& err) {
                     // The broker gets its PUBACK anyway: the message is lost.
                     log_context.error(name +
                                       ": cannot deliver a dead letter "
                                       "from topic '" +
                                       std::string{topic} +
                                       "': " + describe(err));
                   });
    }

    // A blocking actor for the subscriber's thread, kept across messages:
    // spawning one per message costs ~12 us (it halves a no-op consumer).
    caf::scoped_actor& requester() {
      if (!self || self_thread != std::this_thread::get_id()) {
        self.reset();
        self.emplace(sys);
        self_thread = std::this_thread::get_id();
      }
      return *self;
    }

    caf::actor_system& sys;
    std::optional<caf::scoped_actor> self;
    std::thread::id self_thread;
    source_partition from;
    consumer_actor<dead_letter> dead_letters;
    parser parse;
    std::shared_ptr<received_log> log;
    std::unique_ptr<record_forwarder<In, Out>> forwarder;
    std::vector<sequenced<In>> parsed; // reused between messages
    std::string name;
    log::context log_context;
    std::atomic<uint64_t> malformed{0};
    std::atomic<uint64_t> unlogged{0};
  };

  mqtt_source(std::unique_ptr<state> st, mqtt_subscriber sub)
      : state_(std::move(st)), subscriber_(std::move(sub)) {}

  std::unique_ptr<state> state_;
  // Declared last so it is destroyed (stopped) before the state it calls.
  mqtt_subscriber subscriber_;
};

} // namespace eddy
