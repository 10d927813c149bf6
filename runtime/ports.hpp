// How an app or a test feeds a running job by hand: a request port takes
// one record at a time and answers its outputs once they are persisted (the
// inventory's POST /v1/transactions); a manual port takes records for the
// named input partitions (the seeds' ManualSource).
#pragma once

#include <any>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/wall_clock.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/dead_letter.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"
#include "runtime/job.hpp"

namespace eddy {

class port_base {
public:
  virtual ~port_base() = default;
};

/// Maps a failed request to what a caller reports.
inline caf::error unavailable_or_timeout(const caf::error& err,
                                         const std::string& what) {
  if (err == caf::sec::request_timeout)
    return make_error(ec::timeout, what + " did not answer in time");
  if (err.category() == caf::atom("eddy"))
    return err;
  return make_error(ec::unavailable,
                    what + " is unavailable: " + describe(err));
}

/// What a request port refuses before its ingress sees it (a record whose
/// event time is too far ahead): each refused record is answered with the
/// refusal, becomes a dead letter and is counted.
template <class In>
struct request_screen {
  /// Why a record is refused, or none. Empty: every record passes.
  std::function<caf::error(const In&)> check;
  /// The record as a dead letter shows it; empty: not shown.
  std::function<std::string(const In&)> describe;
  consumer_actor<dead_letter> dead_letters;
  /// Refused records, reported as the source's malformed ones.
  std::shared_ptr<std::atomic<uint64_t>> refused =
      std::make_shared<std::atomic<uint64_t>>(0);
};

template <class In, class Out>
class request_port final : public port_base {
public:
  request_port(caf::actor_system& sys, ingress_actor<In, Out> ingress,
               source_partition from, std::chrono::milliseconds timeout,
               std::string job, request_screen<In> screen = {})
      : sys_(sys), ingress_(std::move(ingress)), from_(std::move(from)),
        timeout_(timeout), job_(std::move(job)), screen_(std::move(screen)) {}

  /// Applies `record` and answers its outputs once the partition persisted
  /// it, or ec::unavailable / ec::timeout while its partition restarts, or
  /// the screen's refusal (ec::malformed_record) at once.
  void submit(In record, callback<std::vector<Out>> done) {
    if (screen_.check)
      if (auto refusal = screen_.check(record)) {
        refuse(record, refusal);
        return done(std::move(refusal));
      }
    batch<In> in{from_, {{-1, std::move(record)}}, true};
    sys_.spawn(ask, ingress_, timeout_, std::move(in), "the " + job_ + " job",
               std::move(done));
  }

private:
  // A one-shot actor waiting for the ingress's answer.
  static void ask(caf::event_based_actor* self, ingress_actor<In, Out> ingress,
                  std::chrono::milliseconds timeout, batch<In> in,
                  std::string what, callback<std::vector<Out>> done) {
    self->request(ingress, timeout, std::move(in))
        .then(
            [=](const batch_ack<Out>& ack) { done(ack.outputs); },
            [=](caf::error& err) { done(unavailable_or_timeout(err, what)); });
  }

  // Counts a refused record and sends it to the dead letters.
  void refuse(const In& record, const caf::error& why) {
    ++*screen_.refused;
    output_batch<dead_letter> bad;
    bad.records.push_back({from_.source,
                           screen_.describe ? screen_.describe(record) : "",
                           describe(why)});
    bad.processing_time = wall_clock_ms();
    sys_.spawn(
        [](caf::event_based_actor* self, consumer_actor<dead_letter> letters,
           output_batch<dead_letter> bad, std::string job, std::string actor) {
          self->request(letters, caf::infinite, std::move(bad))
              .then([](uint64_t) {},
                    [job, actor](caf::error& err) {
                      log::error(job, actor,
                                 "cannot deliver a dead letter: " +
                                     describe(err));
                    });
        },
        screen_.dead_letters, std::move(bad), job_, "source/" + from_.source);
  }

  caf::actor_system& sys_;
  ingress_actor<In, Out> ingress_;
  source_partition from_;
  std::chrono::milliseconds timeout_;
  std::string job_;
  request_screen<In> screen_;
};

/// The stage's half of a manual source: records of any type it was declared
/// with, passed through its steps into the stage.
class manual_feed : public port_base {
public:
  /// Feeds `records` into input partition `partition`; returns once the job
  /// has taken them, not applied them.
  virtual caf::error send_any(const std::string& partition,
                              std::vector<std::any> records) = 0;
};

/// Feeds records `R` (what the manual source was declared with) by hand.
template <class R>
class manual_port {
public:
  explicit manual_port(std::shared_ptr<manual_feed> feed)
      : feed_(std::move(feed)) {}

  /// Feeds `records` into input partition `partition` (numbered in arrival
  /// order); returns once the job has taken them, not applied them. Fails
  /// with ec::invalid_config if the source takes records of another type.
  caf::error send(const std::string& partition, std::vector<R> records) {
    std::vector<std::any> erased;
    erased.reserve(records.size());
    for (auto& record : records)
      erased.emplace_back(std::move(record));
    return feed_->send_any(partition, std::move(erased));
  }

private:
  std::shared_ptr<manual_feed> feed_;
};

/// A manual source of a stage of input `In`: `make(any, out)` turns a fed
/// record into the stage's records (its steps included).
template <class In, class Out>
class stage_feed final : public manual_feed {
public:
  using maker = std::function<caf::error(std::any&&, emitter<In>&)>;

  stage_feed(caf::actor_system& sys, ingress_actor<In, Out> ingress, maker make)
      : sys_(sys), ingress_(std::move(ingress)), make_(std::move(make)) {}

  caf::error send_any(const std::string& partition,
                      std::vector<std::any> records) override {
    batch<In> in{{partition, 0}, {}, false};
    for (auto& record : records) {
      offset_emitter<In> out{in.records, -1};
      if (auto err = make_(std::move(record), out))
        return err;
    }
    caf::error failure;
    caf::scoped_actor self{sys_};
    self->request(ingress_, caf::infinite, std::move(in))
        .receive([](const batch_ack<Out>&) {},
                 [&](caf::error& err) { failure = std::move(err); });
    return failure;
  }

private:
  caf::actor_system& sys_;
  ingress_actor<In, Out> ingress_;
  maker make_;
};

} // namespace eddy
