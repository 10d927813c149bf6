// The partition supervisor: spawns a job's partitions, watches them, and
// restarts a dead one (which restores itself from the store) after a delay,
// then tells the sources to send it again what it had not acknowledged.
// Past the restart limit the partition is marked failed, not retried forever.
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
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

struct restart_policy {
  /// Restarts allowed per partition over the job's lifetime.
  uint32_t max_attempts = 10;
  std::chrono::milliseconds delay{100};
};

/// The supervisor's only message is to itself: (tick, p) restarts p.
using supervisor_actor = caf::typed_actor<caf::reacts_to<tick_atom, int32_t>>;

template <class Handle>
struct supervisor_state {
  std::function<Handle(int32_t)> spawn_child;
  std::shared_ptr<partition_directory<Handle>> directory;
  std::vector<restart_listener_actor> listeners;
  restart_policy policy;
  std::shared_ptr<std::vector<caf::actor_addr>> children;
  std::vector<uint32_t> attempts;

  static inline const char* name = "eddy.supervisor";
};

/// Spawn with `spawn(supervisor<Handle>, spawn_child, directory, listeners,
/// policy)`. `spawn_child(p)` spawns partition p (restoring its state).
template <class Handle>
supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state<Handle>> self,
           std::function<Handle(int32_t)> spawn_child,
           std::shared_ptr<partition_directory<Handle>> directory,
           std::vector<restart_listener_actor> listeners,
           restart_policy policy) {
  auto& st = self->state;
  st.spawn_child = std::move(spawn_child);
  st.directory = std::move(directory);
  st.listeners = std::move(listeners);
  st.policy = policy;
  auto n = st.directory->size();
  st.children = std::make_shared<std::vector<caf::actor_addr>>(n);
  st.attempts.assign(n, 0);
  // Spawns partition p, publishes it and tells the sources, which send it
  // whatever they hold for it.
  auto start = [self](int32_t p) {
    auto& s = self->state;
    auto child = s.spawn_child(p);
    self->monitor(child);
    (*s.children)[p] = child.address();
    s.directory->set_running(p, child);
    for (auto& listener : s.listeners)
      self->send(listener, restarted_atom::value, p);
  };
  for (size_t p = 0; p < n; ++p)
    start(static_cast<int32_t>(p));
  // Children die with the supervisor.
  self->attach_functor([children = st.children](const caf::error&) {
    for (auto& child : *children)
      if (child)
        caf::anon_send_exit(child, caf::exit_reason::user_shutdown);
  });
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& s = self->state;
    auto i = std::find(s.children->begin(), s.children->end(), msg.source);
    if (i == s.children->end())
      return;
    auto p = static_cast<int32_t>(i - s.children->begin());
    *i = caf::actor_addr{};
    auto reason = describe(msg.reason);
    if (++s.attempts[p] > s.policy.max_attempts) {
      s.directory->set_failed(p, "gave up after " +
                                     std::to_string(s.policy.max_attempts) +
                                     " restarts; last failure: " + reason);
      return;
    }
    s.directory->set_restarting(p, reason);
    self->delayed_send(self, s.policy.delay, tick_atom::value, p);
  });
  return {
      [start](tick_atom, int32_t p) { start(p); },
  };
}

} // namespace eddy
