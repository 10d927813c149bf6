// How an app or a test feeds a running job by hand: a request port takes
// one record at a time and answers its outputs once they are persisted (the
// inventory's POST /v1/transactions); a manual port takes records for the
// named input partitions (the seeds' ManualSource).
#pragma once

#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"

#include "messages/actor_interfaces.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
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

template <class In, class Out>
class request_port final : public port_base {
public:
  request_port(caf::actor_system& sys, ingress_actor<In, Out> ingress,
               source_partition from, std::chrono::milliseconds timeout,
               std::string job)
      : sys_(sys), ingress_(std::move(ingress)), from_(std::move(from)),
        timeout_(timeout), job_(std::move(job)) {}

  /// Applies `record` and answers its outputs once the partition persisted
  /// it, or ec::unavailable / ec::timeout while its partition restarts.
  void submit(In record, callback<std::vector<Out>> done) {
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

  caf::actor_system& sys_;
  ingress_actor<In, Out> ingress_;
  source_partition from_;
  std::chrono::milliseconds timeout_;
  std::string job_;
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
