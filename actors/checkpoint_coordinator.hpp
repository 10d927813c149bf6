// The checkpoint coordinator: at an interval (or when asked) it has every
// partition persist its state and its windows theirs; when all have, the
// checkpoint is complete: the ingresses drop what it covers and report the
// source positions it covers, the record goes to the store, transactional
// sinks commit and the job is told (the Kafka source commits its offsets).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/checkpoint_history.hpp"
#include "actors/partition_directory.hpp"
#include "actors/state_store.hpp"
#include "actors/wall_clock.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

struct coordinator_options {
  std::chrono::milliseconds interval{1000};
  /// A checkpoint not complete after this long fails.
  std::chrono::milliseconds timeout{60000};
  /// Where savepoints are written.
  std::string savepoint_dir;
  /// Called when a checkpoint completes (on the coordinator's thread).
  std::function<void(const checkpoint_status&)> on_complete;
};

/// Who takes part in a job's checkpoints.
struct checkpoint_participants {
  std::vector<persisted_listener_actor> ingresses;
  std::vector<commit_listener_actor> sinks;
};

template <class Directory>
struct coordinator_state {
  struct running {
    checkpoint_status status;
    std::chrono::steady_clock::time_point started;
    size_t remaining = 0;
    checkpoint_positions persisted;
    position_map covered; // reported by the ingresses
    std::vector<caf::typed_response_promise<checkpoint_status>> waiters;
    std::vector<caf::typed_response_promise<std::string>> savepoints;
  };

  coordinator_options options;
  std::shared_ptr<Directory> directory;
  checkpoint_participants participants;
  std::shared_ptr<state_store> store;
  std::shared_ptr<checkpoint_history> history;
  int64_t next_id = 1;
  /// What the latest completed checkpoint covers; carried forward for
  /// source partitions that sent nothing since.
  position_map covered;
  std::optional<running> current;
  /// Asked for while one was running: they get the next one.
  std::vector<caf::typed_response_promise<checkpoint_status>> next_waiters;
  std::vector<caf::typed_response_promise<std::string>> next_savepoints;

  static inline const char* name = "eddy.checkpoint_coordinator";
};

namespace detail {

/// (tick, no_checkpoint) starts the checkpoint someone waits for.
constexpr int64_t no_checkpoint = 0;

template <class Self>
void finish_checkpoint(Self* self, std::string failure) {
  auto& s = self->state;
  auto cp = std::move(*s.current);
  s.current.reset();
  cp.status.duration_ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - cp.started)
                              .count();
  auto completed = failure.empty();
  if (completed) {
    cp.status.outcome = checkpoint_outcome::completed;
    for (auto& [from, offset] : cp.covered)
      s.covered[from] = offset;
    for (auto& [from, offset] : s.covered)
      cp.status.positions.push_back({from.source, from.partition, offset});
    if (auto ok = s.store->write({{checkpoint_family, checkpoint_record_key,
                                   encode_checkpoint_record(cp.status)}});
        !ok) {
      completed = false;
      failure = describe(ok.error());
    }
  }
  if (!completed) {
    cp.status.outcome = checkpoint_outcome::failed;
    cp.status.reason = failure;
  }
  for (auto& sink : s.participants.sinks)
    self->send(sink, commit_atom::value, cp.status.id, completed);
  if (completed && s.options.on_complete)
    s.options.on_complete(cp.status);
  for (auto& promise : cp.savepoints) {
    if (!completed) {
      promise.deliver(make_error(
          ec::unavailable, "the savepoint's checkpoint failed: " + failure));
      continue;
    }
    std::error_code err;
    auto dir = std::filesystem::absolute(s.options.savepoint_dir, err);
    if (!err)
      std::filesystem::create_directories(dir, err);
    if (err) {
      promise.deliver(
          make_error(ec::storage_failure, "cannot create savepoint.dir " +
                                              s.options.savepoint_dir + ": " +
                                              err.message()));
      continue;
    }
    auto path = (dir / ("savepoint-" + std::to_string(cp.status.id))).string();
    if (auto ok = s.store->copy_to(path); !ok) {
      promise.deliver(ok.error());
      continue;
    }
    auto saved = cp.status;
    saved.kind = checkpoint_kind::savepoint;
    saved.path = path;
    s.history->add(std::move(saved));
    promise.deliver(path);
  }
  s.history->add(cp.status);
  for (auto& promise : cp.waiters)
    promise.deliver(cp.status);
  // Whoever asked meanwhile gets the next one right away; after a failure
  // it waits for the interval, so a partition that is down is not
  // hammered.
  if (completed && (!s.next_waiters.empty() || !s.next_savepoints.empty()))
    self->send(self, tick_atom::value, no_checkpoint);
}

// Every partition persisted: the ingresses drop what is now durable and
// report the source positions the checkpoint covers.
template <class Self>
void collect_positions(Self* self) {
  auto& s = self->state;
  auto id = s.current->status.id;
  auto remaining = std::make_shared<size_t>(s.participants.ingresses.size());
  if (*remaining == 0) {
    finish_checkpoint(self, {});
    return;
  }
  for (auto& ingress : s.participants.ingresses)
    self->request(ingress, s.options.timeout, persisted_atom::value,
                  s.current->persisted)
        .then(
            [self, id, remaining](const position_map& covered) {
              auto& s = self->state;
              if (!s.current || s.current->status.id != id)
                return;
              for (auto& [from, offset] : covered)
                s.current->covered[from] = offset;
              if (--*remaining == 0)
                finish_checkpoint(self, {});
            },
            [self, id](caf::error& err) {
              auto& s = self->state;
              if (s.current && s.current->status.id == id)
                finish_checkpoint(self, "an ingress did not answer: " +
                                            describe(err));
            });
}

template <class Self>
void start_checkpoint(Self* self) {
  auto& s = self->state;
  if (s.current)
    return;
  auto id = s.next_id++;
  auto& cp = s.current.emplace();
  cp.status.id = id;
  cp.status.kind = checkpoint_kind::checkpoint;
  cp.status.started_ms = wall_clock_ms();
  cp.started = std::chrono::steady_clock::now();
  cp.waiters = std::move(s.next_waiters);
  cp.savepoints = std::move(s.next_savepoints);
  s.next_waiters.clear();
  s.next_savepoints.clear();
  auto n = s.directory->size();
  cp.remaining = n;
  cp.persisted.id = id;
  cp.persisted.partitions.resize(n);
  std::vector<checkpointed_actor> partitions;
  for (size_t p = 0; p < n; ++p) {
    auto handle = s.directory->running(p);
    if (!handle) {
      finish_checkpoint(self,
                        "partition " + std::to_string(p) + " is not running");
      return;
    }
    partitions.push_back(caf::actor_cast<checkpointed_actor>(*handle));
  }
  self->delayed_send(self, s.options.timeout, tick_atom::value, id);
  for (auto& partition : partitions)
    self->request(partition, caf::infinite, checkpoint_atom::value, id)
        .then(
            [self, id](checkpoint_ack& ack) {
              auto& s = self->state;
              if (!s.current || s.current->status.id != id)
                return;
              s.current->status.bytes += ack.bytes;
              s.current->persisted.partitions[ack.partition] =
                  std::move(ack.positions);
              if (--s.current->remaining == 0)
                collect_positions(self);
            },
            [self, id](caf::error& err) {
              auto& s = self->state;
              if (s.current && s.current->status.id == id)
                finish_checkpoint(self, describe(err));
            });
}

} // namespace detail

/// Spawn with `spawn(checkpoint_coordinator<Directory>, options, directory,
/// participants, store, history, restored)`; `restored` is the latest
/// completed checkpoint in the store, if any: ids continue after it and its
/// positions carry forward.
template <class Directory>
coordinator_actor::behavior_type checkpoint_coordinator(
    coordinator_actor::stateful_pointer<coordinator_state<Directory>> self,
    coordinator_options options, std::shared_ptr<Directory> directory,
    checkpoint_participants participants, std::shared_ptr<state_store> store,
    std::shared_ptr<checkpoint_history> history,
    std::optional<checkpoint_status> restored) {
  auto& st = self->state;
  st.options = std::move(options);
  st.directory = std::move(directory);
  st.participants = std::move(participants);
  st.store = std::move(store);
  st.history = std::move(history);
  if (restored) {
    st.history->add(*restored);
    st.next_id = restored->id + 1;
    for (auto& pos : restored->positions)
      st.covered[{pos.source, pos.partition}] = pos.offset;
  }
  self->delayed_send(self, st.options.interval, tick_atom::value);
  return {
      [self](checkpoint_atom) -> caf::result<checkpoint_status> {
        auto& s = self->state;
        auto promise =
            self->template make_response_promise<checkpoint_status>();
        s.next_waiters.push_back(promise);
        detail::start_checkpoint(self);
        return promise;
      },
      [self](savepoint_atom) -> caf::result<std::string> {
        auto& s = self->state;
        auto promise = self->template make_response_promise<std::string>();
        s.next_savepoints.push_back(promise);
        detail::start_checkpoint(self);
        return promise;
      },
      [self](tick_atom) {
        detail::start_checkpoint(self);
        self->delayed_send(self, self->state.options.interval,
                           tick_atom::value);
      },
      [self](tick_atom, int64_t id) {
        auto& s = self->state;
        if (id == detail::no_checkpoint)
          detail::start_checkpoint(self);
        else if (s.current && s.current->status.id == id)
          detail::finish_checkpoint(
              self, "timed out after " +
                        std::to_string(s.options.timeout.count()) + " ms");
      },
  };
}

} // namespace eddy
