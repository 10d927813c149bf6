// The Kafka source: a thread polls a consumer group, parses each message
// into a job's input record, pushes one batch per Kafka partition to an
// ingress (blocking while it is full), sends unparseable messages to the
// dead letters, and commits to Kafka only offsets the ingress reports as
// persisted.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/wall_clock.hpp"
#include "connectors/kafka/consumer.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/dead_letter.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/job_status.hpp"
#include "messages/log.hpp"

namespace eddy {

struct kafka_source_options {
  /// Passed to librdkafka unchanged; needs `bootstrap.servers` and
  /// `group.id` (see kafka_consumer::make for the defaults added).
  kafka_properties properties;
  std::vector<std::string> topics;
  /// How often the acknowledged positions are committed to Kafka.
  std::chrono::milliseconds commit_interval{1000};
  /// Longest wait for messages per poll (also how soon stop() is noticed).
  std::chrono::milliseconds poll_timeout{100};
  /// Messages taken per poll, at most.
  size_t max_poll = 16384;
  /// Longest wait for the ingress's positions, and for it to drain before
  /// partitions are given up.
  std::chrono::milliseconds ingress_timeout{10000};
  /// Called when partitions are given up (a rebalance or stop()), after
  /// the ingress applied everything taken and before the commit: a job
  /// takes a checkpoint here so the commit covers all of it. May be empty.
  std::function<void()> make_durable;
  /// Whether records before the group's committed offset, when read again,
  /// only rebuild state: in a cluster, where another member delivered their
  /// outputs. Off, they count as new (a start from a savepoint reprocesses
  /// what came after it).
  bool delivered_before_committed = false;
  /// Whom its log lines (and its consumer's) name; the job layer sets the
  /// job and the source.
  log::context log_context{"", "source/kafka"};
  /// How long it may have every broker down, or no partition assigned (at
  /// start, or after a rebalance took all away), before it is reported
  /// disconnected (see health()).
  std::chrono::milliseconds ready_timeout{60000};
};

template <class In, class Out>
class kafka_source {
public:
  /// Emits a job's records made from a message (none, one or more, all of
  /// them at the message's offset), or says why it cannot.
  using parser =
      std::function<caf::error(const kafka_message_view&, emitter<In>&)>;

  /// Where to start reading an assigned partition: the offset of its first
  /// record not yet applied, or -1 for the group's committed offset (or
  /// `auto.offset.reset` without one). Runs on the source's thread.
  using resume_function = std::function<offset_t(const source_partition&)>;

  /// Creates the consumer and starts the polling thread. Records go to
  /// `ingress` as batch<In> from {topic, partition} with their Kafka
  /// offsets, so partitions skip what they applied before a restart.
  /// Fails with ec::invalid_config for bad properties.
  [[nodiscard]] static caf::expected<std::unique_ptr<kafka_source>>
  make(caf::actor_system& sys, kafka_source_options options,
       ingress_actor<In, Out> ingress, consumer_actor<dead_letter> dead_letters,
       parser parse, resume_function resume_at) {
    std::unique_ptr<kafka_source> source{new kafka_source(
        sys, options, std::move(ingress), std::move(dead_letters),
        std::move(parse), std::move(resume_at))};
    auto* self = source.get();
    kafka_rebalance_callbacks callbacks{
        [self](const std::vector<source_partition>& parts) {
          return self->on_assigned(parts);
        },
        [self](const std::vector<source_partition>& parts) {
          self->on_revoked(parts);
        }};
    auto consumer =
        kafka_consumer::make(options.properties, options.topics,
                             std::move(callbacks), options.log_context);
    if (!consumer)
      return consumer.error();
    source->consumer_ = std::make_unique<kafka_consumer>(std::move(*consumer));
    source->thread_ = std::thread{[self] { self->run(); }};
    return source;
  }

  kafka_source(const kafka_source&) = delete;
  kafka_source& operator=(const kafka_source&) = delete;

  ~kafka_source() { stop(); }

  /// Stops polling, waits for the ingress to drain, commits what it
  /// acknowledged, leaves the group and joins the thread. Blocks while the
  /// ingress holds a batch back (backpressure). Idempotent.
  void stop() {
    stopping_ = true;
    if (thread_.joinable())
      thread_.join();
  }

  /// Commits at the next poll instead of waiting for the commit interval
  /// (a checkpoint completed). Thread-safe.
  void commit_soon() noexcept { commit_soon_ = true; }

  /// Records the ingress took.
  uint64_t records() const noexcept { return records_; }

  /// Messages that did not parse (sent to the dead letters).
  uint64_t malformed() const noexcept { return malformed_; }

  /// The next offsets this source committed last, per partition.
  position_map committed() const {
    std::lock_guard guard{mtx_};
    return committed_;
  }

  /// The partitions the group assigned this source now. Thread-safe.
  std::vector<source_partition> assigned_partitions() const {
    return consumer_->assignment();
  }

  /// Messages behind the end of each assigned partition, as of the last
  /// commit interval.
  std::map<source_partition, int64_t> lag() const {
    std::lock_guard guard{mtx_};
    return lag_;
  }

  /// Why the source stopped on its own (a fatal consumer error, or an
  /// ingress that failed a batch), or empty while it runs.
  std::string failure() const {
    std::lock_guard guard{mtx_};
    return failure_;
  }

  /// failed with failure(); disconnected with the reason once every broker
  /// has been down, or no partition assigned, for longer than
  /// `ready_timeout`; else running. Thread-safe.
  source_health health() const {
    std::lock_guard guard{mtx_};
    if (!failure_.empty())
      return {source_state::failed, failure_};
    if (is_disconnected(clock::now()))
      return {source_state::disconnected, unready_reason_};
    return {source_state::running, {}};
  }

private:
  using clock = std::chrono::steady_clock;

  kafka_source(caf::actor_system& sys, const kafka_source_options& options,
               ingress_actor<In, Out> ingress,
               consumer_actor<dead_letter> dead_letters, parser parse,
               resume_function resume_at)
      : sys_(sys), options_(options), ingress_(std::move(ingress)),
        dead_letters_(std::move(dead_letters)), parse_(std::move(parse)),
        resume_at_(std::move(resume_at)) {}

  void run() {
    auto last_commit = clock::now();
    while (!stopping_) {
      check_readiness();
      polled_records polled;
      auto taken =
          consumer_->poll_each(options_.max_poll, options_.poll_timeout,
                               [this, &polled](const kafka_message_view& msg) {
                                 take(msg, polled);
                               });
      if (!taken) {
        fail(describe(taken.error()));
        break;
      }
      if ((*taken > 0 || !unannounced_.empty()) && !deliver(polled))
        break;
      if (commit_soon_.exchange(false) ||
          clock::now() - last_commit >= options_.commit_interval) {
        commit_acknowledged(assignment());
        auto lag = consumer_->lag();
        std::lock_guard guard{mtx_};
        lag_ = std::move(lag);
        last_commit = clock::now();
      }
    }
    // close() revokes the assignment, which drains and commits again; doing
    // it here first covers a consumer that has nothing to revoke.
    drain();
    commit_acknowledged(assignment());
    consumer_->close();
  }

  // One poll's records: a batch per partition, and what did not parse.
  struct polled_records {
    std::map<source_partition, batch<In>> batches;
    output_batch<dead_letter> bad;
    /// The batch of the last message's partition: a poll brings runs of
    /// one partition, so the map is searched once a run.
    batch<In>* run = nullptr;
  };

  // Parses one message into its partition's batch, or into the dead letters
  // with the reason. Copies only what a record or a dead letter keeps.
  void take(const kafka_message_view& msg, polled_records& polled) {
    auto* run = polled.run;
    if (run == nullptr || msg.partition != run->from.partition ||
        msg.topic != run->from.source) {
      source_partition from{std::string{msg.topic}, msg.partition};
      first_offset_.try_emplace(from, msg.offset);
      run = polled.run = &polled.batches[from];
      if (auto delivered = delivered_through_.find(from);
          delivered != delivered_through_.end())
        run->delivered_through = delivered->second;
      run->from = std::move(from);
    }
    auto before = run->records.size();
    offset_emitter<In> out{run->records, msg.offset};
    if (auto err = parse_(msg, out)) {
      // A bad message makes no record, even if it made some before failing.
      run->records.erase(run->records.begin() + static_cast<ptrdiff_t>(before),
                         run->records.end());
      polled.bad.records.push_back({"kafka " + run->from.source + "/" +
                                        std::to_string(msg.partition) + "@" +
                                        std::to_string(msg.offset),
                                    std::string{msg.payload}, describe(err)});
    }
  }

  // Sends one poll's records on: dead letters first, then one batch per
  // partition, all at once. Returns false if the ingress failed a batch.
  bool deliver(polled_records& polled) {
    auto& bad = polled.bad;
    caf::scoped_actor self{sys_};
    if (!bad.records.empty()) {
      malformed_ += bad.records.size();
      bad.processing_time = wall_clock_ms();
      self->request(dead_letters_, caf::infinite, std::move(bad))
          .receive([](uint64_t) {},
                   [this](caf::error& err) {
                     // Not fatal, the dead letters being a side output; but
                     // these are lost, so an error.
                     options_.log_context.error(
                         "kafka source: cannot deliver dead letters: " +
                         describe(err));
                   });
    }
    // Every batch goes out before the first answer is awaited: one round
    // trip per poll, not one per partition (a poll spans dozens). Each
    // partition has one batch here, so none can overtake another of its
    // partition. The answers wait while the ingress is full: that is the
    // backpressure.
    using answer = decltype(self->request(ingress_, caf::infinite,
                                          std::declval<batch<In>>()));
    struct in_flight {
      source_partition from;
      size_t records;
      answer pending;
    };
    std::vector<in_flight> sent;
    // Newly assigned partitions announce themselves with an empty batch
    // before any record goes out, so that event time waits for them too.
    for (auto& part : unannounced_) {
      batch<In> announce;
      announce.from = part;
      sent.push_back(
          {part, 0,
           self->request(ingress_, caf::infinite, std::move(announce))});
    }
    for (auto& [from, records] : polled.batches) {
      auto n = records.records.size();
      if (n > 0)
        sent.push_back(
            {from, n,
             self->request(ingress_, caf::infinite, std::move(records))});
    }
    unannounced_.clear();
    bool ok = true;
    for (auto& flight : sent) {
      flight.pending.receive(
          [this, &flight](const batch_ack<Out>&) {
            records_ += flight.records;
          },
          [this, &ok, &flight](caf::error& err) {
            // The source stops here, leaving the failed batch uncommitted:
            // committing a later position would skip it.
            fail("the ingress failed a batch of " + flight.from.source + "/" +
                 std::to_string(flight.from.partition) + ": " + describe(err));
            ok = false;
          });
    }
    return ok;
  }

  // Commits, for `parts`, the offset after the highest one the ingress has
  // acknowledged, once that covers records read since the assignment (so a
  // stale position never moves the group's offset back).
  void commit_acknowledged(const std::vector<source_partition>& parts) {
    if (parts.empty())
      return;
    position_map acknowledged;
    caf::scoped_actor self{sys_};
    self->request(ingress_, options_.ingress_timeout, positions_atom::value)
        .receive([&](position_map& positions) { acknowledged = positions; },
                 [this](caf::error& err) {
                   report_commit_failure("cannot ask the ingress for its "
                                         "positions: " +
                                         describe(err));
                 });
    position_map next;
    for (auto& part : parts) {
      auto acked = acknowledged.find(part);
      auto first = first_offset_.find(part);
      if (acked == acknowledged.end() || first == first_offset_.end() ||
          acked->second < first->second)
        continue;
      // committed_ only changes on this thread: reading it needs no lock.
      auto done = committed_.find(part);
      if (done == committed_.end() || done->second != acked->second + 1)
        next[part] = acked->second + 1;
    }
    if (next.empty())
      return;
    if (auto ok = consumer_->commit(next); !ok) {
      report_commit_failure(describe(ok.error()));
      return;
    }
    commit_failing_ = false;
    std::lock_guard guard{mtx_};
    for (auto& [part, offset] : next)
      committed_[part] = offset;
  }

  // Waits until the ingress has everything it took acknowledged, so the
  // commit that follows covers all of it.
  void drain() {
    caf::scoped_actor self{sys_};
    self->request(ingress_, options_.ingress_timeout, stop_atom::value)
        .receive([](bool) {},
                 [this](caf::error& err) {
                   options_.log_context.warn(
                       "kafka source: the ingress did not drain, committing "
                       "what it acknowledged: " +
                       describe(err));
                 });
    if (options_.make_durable)
      options_.make_durable();
  }

  std::map<source_partition, offset_t>
  on_assigned(const std::vector<source_partition>& parts) {
    std::map<source_partition, offset_t> starts;
    for (auto& part : parts) {
      assigned_.insert(part);
      unannounced_.push_back(part);
      first_offset_.erase(part);
      auto at = resume_at_ ? resume_at_(part) : offset_t{-1};
      // What this source committed, a checkpoint of this process covers:
      // a partition coming back need not be read again before that.
      if (auto own = committed_.find(part); own != committed_.end() && at >= 0)
        at = std::max(at, own->second);
      if (at >= 0)
        starts[part] = at;
    }
    if (options_.delivered_before_committed)
      note_delivered(starts);
    return starts;
  }

  // Reading a partition from before the group's committed offset re-reads
  // records whose outputs went out already (from another member, or from
  // this one before it lost its state): those only rebuild state.
  void note_delivered(const std::map<source_partition, offset_t>& starts) {
    std::vector<source_partition> parts;
    for (auto& [part, start] : starts)
      parts.push_back(part);
    auto committed = consumer_->committed(parts, options_.ingress_timeout);
    if (!committed) {
      options_.log_context.warn(
          "kafka source: outputs of records read again may repeat, the "
          "group's committed offsets are unknown: " +
          describe(committed.error()));
      return;
    }
    std::set<std::string> replayed_topics;
    for (auto& [part, start] : starts) {
      auto next = committed->find(part);
      if (next != committed->end() && start < next->second) {
        delivered_through_[part] = next->second - 1;
        replayed_topics.insert(part.source);
      } else {
        delivered_through_.erase(part);
      }
    }
    for (auto& topic : replayed_topics)
      warn_of_lost_history(topic, starts);
  }

  // State rebuilt from a partition is only whole if the partition still
  // holds every record from where the rebuild starts.
  void
  warn_of_lost_history(const std::string& topic,
                       const std::map<source_partition, offset_t>& starts) {
    auto held = consumer_->offsets(topic, options_.ingress_timeout);
    if (!held) {
      options_.log_context.warn(
          "kafka source: cannot tell whether " + topic +
          " still holds what is read again: " + describe(held.error()));
      return;
    }
    for (auto& [part, range] : *held)
      if (auto start = starts.find(part);
          start != starts.end() && range.begin > start->second)
        options_.log_context.error(
            "kafka source: " + topic + "/" + std::to_string(part.partition) +
            " no longer holds offsets " + std::to_string(start->second) +
            " to " + std::to_string(range.begin - 1) +
            " (retention): the state of its keys is rebuilt without them");
  }

  void on_revoked(const std::vector<source_partition>& parts) {
    drain();
    commit_acknowledged(parts);
    for (auto& part : parts) {
      assigned_.erase(part);
      first_offset_.erase(part);
      delivered_through_.erase(part);
    }
  }

  std::vector<source_partition> assignment() const {
    return {assigned_.begin(), assigned_.end()};
  }

  void report_commit_failure(const std::string& why) {
    // Once per outage, until a commit succeeds again.
    if (!commit_failing_)
      options_.log_context.warn(
          "kafka source: commit failed (retrying every " +
          std::to_string(options_.commit_interval.count()) + " ms): " + why);
    commit_failing_ = true;
  }

  // Notes whether the source can read now: a broker reachable and a
  // partition assigned. Unready since when, and why, for health(); logs
  // when it becomes disconnected and when it runs again.
  void check_readiness() {
    std::string why;
    if (auto& down = consumer_->brokers_down(); !down.empty())
      why = "no broker can be reached: " + down;
    else if (assigned_.empty())
      why = "no partition of " + topic_list() + " is assigned";
    auto now = clock::now();
    std::lock_guard guard{mtx_};
    if (why.empty()) {
      if (is_disconnected_logged_)
        options_.log_context.info("kafka source: running again");
      unready_since_.reset();
      is_disconnected_logged_ = false;
      return;
    }
    if (!unready_since_)
      unready_since_ = now;
    unready_reason_ = why + " (for more than " +
                      std::to_string(options_.ready_timeout.count()) + " ms)";
    if (!is_disconnected_logged_ && is_disconnected(now)) {
      options_.log_context.warn("kafka source disconnected: " +
                                unready_reason_);
      is_disconnected_logged_ = true;
    }
  }

  // Requires mtx_.
  bool is_disconnected(clock::time_point now) const {
    return unready_since_ && now - *unready_since_ >= options_.ready_timeout;
  }

  std::string topic_list() const {
    std::string result;
    for (auto& topic : options_.topics)
      result += (result.empty() ? "'" : ", '") + topic + "'";
    return result;
  }

  void fail(std::string why) {
    options_.log_context.error("kafka source stopped: " + why);
    std::lock_guard guard{mtx_};
    failure_ = std::move(why);
  }

  caf::actor_system& sys_;
  kafka_source_options options_;
  ingress_actor<In, Out> ingress_;
  /// Assigned partitions not yet announced to the ingress.
  std::vector<source_partition> unannounced_;
  consumer_actor<dead_letter> dead_letters_;
  parser parse_;
  resume_function resume_at_;
  std::unique_ptr<kafka_consumer> consumer_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> malformed_{0};
  // Only touched on the source's thread (the rebalance callbacks run there).
  std::set<source_partition> assigned_;
  position_map first_offset_; // first offset read per assigned partition
  // Per assigned partition read from before the group's committed offset:
  // the last offset whose outputs were delivered (see note_delivered).
  position_map delivered_through_;
  bool commit_failing_ = false;
  std::atomic<bool> commit_soon_{false};
  // Status, read by other threads; written under mtx_.
  mutable std::mutex mtx_;
  position_map committed_;
  std::map<source_partition, int64_t> lag_;
  std::string failure_;
  std::optional<clock::time_point> unready_since_;
  std::string unready_reason_;
  bool is_disconnected_logged_ = false;
};

} // namespace eddy
