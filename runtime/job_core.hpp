// What every running pipeline job has besides its typed keyed stage: its
// state store, checkpoint coordinator and history, its sinks, the reports
// of its sources and sinks, and the actors to stop. The typed stage
// (keyed_stage.hpp) uses it; it keeps the untyped half out of templates.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "actors/actor_load.hpp"
#include "actors/checkpoint_coordinator.hpp"
#include "actors/checkpoint_history.hpp"
#include "actors/fanout_writer.hpp"
#include "actors/key_group.hpp"
#include "actors/sink.hpp"
#include "actors/state_store.hpp"
#include "actors/store_writer.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/job_status.hpp"
#include "runtime/engine_options.hpp"
#include "runtime/job.hpp"
#include "runtime/output_writers.hpp"

namespace eddy {

/// What a sink of any record type answers besides its records.
using sink_control_actor =
    caf::typed_actor<caf::replies_to<flush_atom>::with<uint64_t>,
                     caf::reacts_to<stall_atom, int64_t>>;

class job_core {
public:
  job_core(caf::actor_system& sys, engine_options options);

  job_core(const job_core&) = delete;
  job_core& operator=(const job_core&) = delete;

  /// Opens the job's store with `families` (creating its directory), checks
  /// that it was written with the same partitions and key groups (recording
  /// them the first time, in `shape_family`) and reads its latest
  /// checkpoint. Fails naming the cause.
  [[nodiscard]] caf::error open(const std::vector<std::string>& families,
                                const std::string& shape_family);

  caf::actor_system& sys() const noexcept { return sys_; }
  const engine_options& options() const noexcept { return options_; }
  const key_groups& groups() const noexcept { return groups_; }
  const std::shared_ptr<state_store>& store() const noexcept { return store_; }
  const store_writer_actor& store_writer() const noexcept {
    return store_writer_;
  }
  const std::shared_ptr<checkpoint_history>& history() const noexcept {
    return history_;
  }
  /// The latest completed checkpoint in the store, if any.
  const std::optional<checkpoint_status>& restored() const noexcept {
    return restored_;
  }

  /// Output guarantee: "exactly-once" once a transactional sink runs.
  const std::string& delivery() const noexcept { return delivery_; }

  // -- sinks ------------------------------------------------------------------

  /// Spawns a sink per writer of `output` (each retries on its own, so a
  /// failing writer holds back no other), named "<output> to <writer>".
  /// With no writer, none, unless `needs_one`: then one that discards
  /// ("<output> (discarded)"). Fails with the error of a writer whose
  /// recover() failed (see spawn_sink).
  template <class T>
  caf::expected<std::vector<consumer_actor<T>>>
  spawn_sinks(const std::string& output, named_writers<T> writers,
              bool needs_one) {
    std::vector<consumer_actor<T>> result;
    if (writers.empty() && needs_one) {
      auto discarding = spawn_sink<T>(output, output + " (discarded)",
                                      std::make_unique<discarding_writer<T>>());
      if (!discarding)
        return discarding.error();
      result.push_back(std::move(*discarding));
    }
    for (auto& [name, writer] : writers) {
      auto handle =
          spawn_sink<T>(output, output + " to " + name, std::move(writer));
      if (!handle)
        return handle.error();
      result.push_back(std::move(*handle));
    }
    return result;
  }

  /// One sink writing to all of `writers` (or discarding, if none), for an
  /// output that a single actor feeds at a time (sources' dead letters).
  /// Fails as spawn_sinks.
  template <class T>
  caf::expected<consumer_actor<T>> spawn_fanout_sink(const std::string& output,
                                                     named_writers<T> writers) {
    if (writers.empty())
      return spawn_sink<T>(output, output + " (discarded)",
                           std::make_unique<discarding_writer<T>>());
    if (writers.size() == 1)
      return spawn_sink<T>(output, output + " to " + writers[0].first,
                           std::move(writers[0].second));
    std::string names;
    std::vector<std::unique_ptr<record_writer<T>>> all;
    for (auto& [name, writer] : writers) {
      names += (names.empty() ? "" : ", ") + name;
      all.push_back(std::move(writer));
    }
    return spawn_sink<T>(output, output + " to " + names,
                         std::make_unique<fanout_writer<T>>(std::move(all)));
  }

  /// The sink actors' names spawned for `output`, in order.
  std::vector<std::string> sinks_of(const std::string& output) const;

  // -- actors and checkpoints ---------------------------------------------

  /// Keeps `handle` to stop with the job.
  template <class Handle>
  void keep(const Handle& handle) {
    actors_.push_back(caf::actor_cast<caf::actor>(handle));
  }

  /// Starts the checkpoint coordinator over `directory`'s partitions, with
  /// `ingresses` (they drop what checkpoints cover) and the sinks.
  template <class Directory>
  void start_coordinator(std::shared_ptr<Directory> directory,
                         std::vector<persisted_listener_actor> ingresses) {
    coordinator_options cp_opts;
    cp_opts.interval = options_.checkpoint_interval;
    cp_opts.timeout = options_.checkpoint_timeout;
    cp_opts.savepoint_dir = options_.savepoint_dir;
    cp_opts.on_complete = [this](const checkpoint_status&) {
      checkpoint_completed();
    };
    checkpoint_participants participants{std::move(ingresses),
                                         commit_listeners_};
    auto coordinator = sys_.spawn(checkpoint_coordinator<Directory>, cp_opts,
                                  std::move(directory), participants, store_,
                                  history_, restored_);
    keep(coordinator);
    set_coordinator(coordinator);
  }

  /// Asks for a checkpoint soon (an ingress holds many records).
  void request_checkpoint();

  /// Takes a checkpoint and waits for it: completed, or failed with the
  /// reason.
  checkpoint_status checkpoint_now();

  /// Takes a checkpoint and waits for it; logs one that fails.
  void checkpoint_or_report(std::string_view when);

  /// Asks for a savepoint; answers its directory.
  void savepoint(callback<std::string> done);

  /// Runs `f` after each completed checkpoint (the Kafka source commits).
  void on_checkpoint(std::function<void()> f);

  /// Stalls sink number `index` of the report for `duration` (fault
  /// injection); answers what was done.
  caf::expected<std::string> stall_sink(int32_t index,
                                        std::chrono::milliseconds duration);

  /// Flushes every sink, then stops every actor kept and the coordinator,
  /// and waits until they and `also` are gone. Idempotent.
  void stop_actors(std::vector<caf::actor> also);

  // -- status -------------------------------------------------------------

  /// Adds a source to the report (in the order added).
  void report_source(std::function<source_status()> report);

  /// Reports an ingress's source that has no connector of its own (the
  /// generator actor, requests) by what its ingress took in, and the
  /// records it refused as `malformed` (none if null).
  void report_ingress_as_source(
      const std::string& name, std::shared_ptr<actor_load> load,
      std::shared_ptr<const std::atomic<uint64_t>> malformed = nullptr);

  /// The sources, with their ingresses' loads.
  std::vector<source_status> source_statuses() const;

  std::vector<sink_status> sink_statuses() const;

  /// The load of the ingress of source `name`, made on first use.
  std::shared_ptr<actor_load> ingress_load(const std::string& name);

private:
  // Has `writer` recover from the restored checkpoint first: a sink starts
  // only on a writer that has. Fails with the writer's error.
  template <class T>
  caf::expected<consumer_actor<T>>
  spawn_sink(const std::string& output, std::string name,
             std::unique_ptr<record_writer<T>> writer) {
    auto restored_id = restored_ ? restored_->id : int64_t{0};
    if (auto ok = writer->recover(restored_id); !ok)
      return ok.error();
    auto options = options_.sinks;
    options.counters = std::make_shared<sink_counters>();
    options.load = std::make_shared<actor_load>();
    options.log_context = {options_.job, "sink/" + name};
    if (writer->transactional())
      delivery_ = "exactly-once";
    sinks_.push_back({output, std::move(name), options.counters, options.load,
                      caf::actor{}});
    auto handle =
        sys_.spawn<caf::detached>(sink<T>, std::move(writer), options);
    sinks_.back().actor = caf::actor_cast<caf::actor>(handle);
    commit_listeners_.push_back(caf::actor_cast<commit_listener_actor>(handle));
    keep(handle);
    return caf::actor_cast<consumer_actor<T>>(handle);
  }

  void set_coordinator(coordinator_actor coordinator);
  coordinator_actor current_coordinator() const;
  void checkpoint_completed();

  struct sink_entry {
    std::string output;
    std::string name;
    std::shared_ptr<sink_counters> counters;
    std::shared_ptr<actor_load> load;
    caf::actor actor;
  };

  caf::actor_system& sys_;
  engine_options options_;
  key_groups groups_;
  std::shared_ptr<state_store> store_;
  store_writer_actor store_writer_;
  std::shared_ptr<checkpoint_history> history_ =
      std::make_shared<checkpoint_history>();
  std::optional<checkpoint_status> restored_;
  std::string delivery_ = "at-least-once";
  std::vector<caf::actor> actors_;
  std::vector<sink_entry> sinks_;
  std::vector<commit_listener_actor> commit_listeners_;
  std::vector<std::function<source_status()>> source_reports_;
  std::map<std::string, std::shared_ptr<actor_load>> ingress_loads_;
  // Set once the coordinator runs; read from any thread.
  mutable std::mutex mtx_;
  coordinator_actor coordinator_;
  std::vector<std::function<void()>> on_checkpoint_;
  bool is_stopped_ = false;
};

} // namespace eddy
