// What a keyed stage's links are wired to when its actors start: the sink
// actors of each named output and the window of each partition. The
// builder's link makers look their consumers up here, typed, so a link
// sends each consumer batches of its own record type.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <typeindex>
#include <vector>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"

#include "actors/output_link.hpp"
#include "messages/actor_interfaces.hpp"

namespace eddy {

class stage_wiring {
public:
  /// Records the sinks of `output`, which take records `T`.
  template <class T>
  void add_sinks(const std::string& output,
                 const std::vector<consumer_actor<T>>& sinks) {
    auto& entry = outputs_[output];
    entry.type = typeid(T);
    for (auto& handle : sinks)
      entry.actors.push_back(caf::actor_cast<caf::actor>(handle));
  }

  /// The sinks of `output` (none if it has no writer).
  template <class T>
  std::vector<consumer_actor<T>> sinks(const std::string& output) const {
    std::vector<consumer_actor<T>> result;
    auto i = outputs_.find(output);
    if (i == outputs_.end() || i->second.type != typeid(T))
      return result;
    for (auto& handle : i->second.actors)
      result.push_back(caf::actor_cast<consumer_actor<T>>(handle));
    return result;
  }

  /// Every output's sinks, as the supervisor tells them of a restart.
  std::vector<restart_listener_actor> sinks_as_restart_listeners() const {
    std::vector<restart_listener_actor> result;
    for (auto& [output, entry] : outputs_)
      for (auto& handle : entry.actors)
        result.push_back(caf::actor_cast<restart_listener_actor>(handle));
    return result;
  }

  /// The window partition `p` runs now: set by its spawn, read by the
  /// links made right after.
  void set_window(int32_t p, caf::actor window) {
    std::lock_guard guard{mtx_};
    if (windows_.size() <= static_cast<size_t>(p))
      windows_.resize(p + 1);
    windows_[p] = std::move(window);
  }

  caf::actor window(int32_t p) const {
    std::lock_guard guard{mtx_};
    return static_cast<size_t>(p) < windows_.size() ? windows_[p]
                                                    : caf::actor{};
  }

private:
  struct output_entry {
    std::type_index type = typeid(void);
    std::vector<caf::actor> actors;
  };

  std::map<std::string, output_entry> outputs_;
  mutable std::mutex mtx_;
  std::vector<caf::actor> windows_;
};

/// Makes the links of one producer (a partition or a window) to one
/// consumer kind, for partition `p`.
template <class Out>
using link_maker =
    std::function<std::vector<output_link<Out>>(const stage_wiring&, int32_t)>;

} // namespace eddy
