// How an app or a test feeds a running job by hand: a request port takes
// one record at a time and answers its outputs once they are persisted (the
// inventory's POST /v1/transactions); a manual port takes records for the
// named input partitions (the seeds' ManualSource).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"

#include "messages/actor_interfaces.hpp"
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

template <class In, class Out>
class manual_port final : public port_base {
public:
  manual_port(caf::actor_system& sys, ingress_actor<In, Out> ingress)
      : sys_(sys), ingress_(std::move(ingress)) {}

  /// Feeds `records` into input partition `partition` (numbered in arrival
  /// order); returns once the job has taken them, not applied them.
  caf::error send(const std::string& partition, std::vector<In> records) {
    batch<In> in{{partition, 0}, {}, false};
    for (auto& record : records)
      in.records.push_back({-1, std::move(record)});
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
};

} // namespace eddy
