// The partition supervisor: spawns a job's partitions, watches them, and
// restarts a dead one (which restores itself from the store) after a delay,
// then tells the sources to send it again what it had not acknowledged.
// Past the restart limit the partition is marked failed, not retried forever.
// A partition that died because the state store cannot write (a full disk)
// is no failure of its own: it is retried every second, uncounted, until
// the store writes again.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "caf/actor_addr.hpp"
#include "caf/send.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/partition_directory.hpp"
#include "actors/restart_policy.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

/// How often a partition waiting for its state store is tried again.
inline constexpr std::chrono::seconds storage_retry_interval{1};

/// The supervisor's only message is to itself: (tick, p) restarts p.
using supervisor_actor = caf::typed_actor<caf::reacts_to<tick_atom, int32_t>>;

/// Who hears that a partition (re)started, in this order: the sinks, which
/// drop what its dead incarnation fired on time, then the ingresses, which
/// send it what it has not persisted and report when it has replayed.
struct restart_listeners {
  std::vector<restart_listener_actor> sinks;
  std::vector<restart_listener_actor> ingresses;
};

template <class Handle, class View = void>
struct supervisor_state {
  std::function<caf::expected<started_partition<Handle, View>>(int32_t)>
      spawn_child;
  std::shared_ptr<partition_directory<Handle, View>> directory;
  restart_listeners listeners;
  std::shared_ptr<std::vector<caf::actor_addr>> children;
  std::vector<restart_tracker> restarts;
  std::vector<restart_tracker::clock::time_point> started;

  static inline const char* name = "eddy.supervisor";
};

/// Spawn with `spawn(supervisor<Handle, View>, spawn_child, directory,
/// listeners, policy)`. `spawn_child(p)` restores partition p and spawns it,
/// or fails like a crash (counted against the restart policy).
template <class Handle, class View = void>
supervisor_actor::behavior_type supervisor(
    supervisor_actor::stateful_pointer<supervisor_state<Handle, View>> self,
    std::function<caf::expected<started_partition<Handle, View>>(int32_t)>
        spawn_child,
    std::shared_ptr<partition_directory<Handle, View>> directory,
    restart_listeners listeners, restart_policy policy) {
  auto& st = self->state;
  st.spawn_child = std::move(spawn_child);
  st.directory = std::move(directory);
  st.listeners = std::move(listeners);
  auto n = st.directory->size();
  st.children = std::make_shared<std::vector<caf::actor_addr>>(n);
  st.restarts.assign(n, restart_tracker{policy});
  st.started.assign(n, restart_tracker::clock::now());
  // Counts a failure of partition p and restarts it after the policy's
  // wait, or marks it failed once the policy gives up.
  auto on_failure = [self](int32_t p, const caf::error& err) {
    auto& s = self->state;
    auto reason = describe(err);
    if (err.category() == caf::atom("eddy") &&
        static_cast<ec>(err.code()) == ec::storage_unavailable) {
      s.directory->set_waiting(p, reason);
      self->delayed_send(self, storage_retry_interval, tick_atom::value, p);
      return;
    }
    auto& tracker = s.restarts[p];
    auto wait = tracker.on_failure(s.started[p], restart_tracker::clock::now());
    if (!wait) {
      s.directory->set_failed(
          p, "gave up after " + std::to_string(tracker.policy().max_attempts) +
                 " restarts; last failure: " + reason);
      return;
    }
    s.directory->set_restarting(p, reason);
    self->delayed_send(self, *wait, tick_atom::value, p);
  };
  // Spawns partition p, publishes it and tells the sources, which send it
  // whatever they hold for it.
  auto start = [self, on_failure](int32_t p) {
    auto& s = self->state;
    s.started[p] = restart_tracker::clock::now();
    auto child = s.spawn_child(p);
    if (!child) {
      on_failure(p, child.error());
      return;
    }
    self->monitor(child->handle);
    (*s.children)[p] = child->handle.address();
    s.directory->set_running(p, std::move(*child),
                             s.listeners.ingresses.size());
    for (auto& sink : s.listeners.sinks)
      self->send(sink, restarted_atom::value, p);
    for (auto& ingress : s.listeners.ingresses)
      self->send(ingress, restarted_atom::value, p);
  };
  for (size_t p = 0; p < n; ++p)
    start(static_cast<int32_t>(p));
  // Children die with the supervisor.
  self->attach_functor([children = st.children](const caf::error&) {
    for (auto& child : *children)
      if (child)
        caf::anon_send_exit(child, caf::exit_reason::user_shutdown);
  });
  self->set_down_handler([self, on_failure](caf::down_msg& msg) {
    auto& s = self->state;
    auto i = std::find(s.children->begin(), s.children->end(), msg.source);
    if (i == s.children->end())
      return;
    auto p = static_cast<int32_t>(i - s.children->begin());
    *i = caf::actor_addr{};
    on_failure(p, msg.reason);
  });
  return {
      [start](tick_atom, int32_t p) { start(p); },
  };
}

} // namespace eddy
