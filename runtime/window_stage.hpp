// The windows of a keyed stage: one window actor per partition, linked to
// it and restored with it from the same checkpoint, fed by the partition
// ("one to one") and feeding its outputs' sinks. Typed on the window's
// logic inside, untyped for the stage that runs it.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/expected.hpp"

#include "actors/window.hpp"
#include "messages/log.hpp"
#include "runtime/event_time_guard.hpp"
#include "runtime/job_core.hpp"
#include "runtime/stage_wiring.hpp"

namespace eddy {

class window_stage_base {
public:
  virtual ~window_stage_base() = default;

  /// The operator's id: its graph node and its column family.
  virtual const std::string& id() const = 0;

  /// Whether its windows close in event time.
  virtual bool follows_event_time() const = 0;

  /// Makes the counters and loads of `partitions` windows (once, before the
  /// first restore).
  virtual void prepare(uint32_t partitions) = 0;

  /// Restores window `p` from `core`'s store.
  virtual caf::expected<std::shared_ptr<void>> restore(const job_core& core,
                                                       int32_t p) = 0;

  /// Spawns window `p` from what restore made and records it in `wiring`.
  virtual caf::actor spawn(job_core& core, stage_wiring& wiring, int32_t p,
                           std::shared_ptr<void> restored) = 0;

  /// Window `p`'s report; `state` is its partition's.
  virtual window_status status(int32_t p, run_state state) const = 0;

  /// The open windows of `key` in window `p`: [{"start","end","fired",
  /// <aggregates>...}], empty if none.
  virtual caf::expected<nlohmann::json>
  read(int32_t p, std::string_view key, std::chrono::milliseconds wait) = 0;
};

/// `Logic` is an aggregate_window_logic (or any window_operator Logic with
/// a to_json of its accumulator).
template <class Logic>
class window_stage final : public window_stage_base {
public:
  using input = typename Logic::input;
  using result = typename Logic::result;
  using core_type = window_operator<Logic>;

  window_stage(std::string id, Logic logic, window_options options)
      : id_(std::move(id)), logic_(std::move(logic)), options_(options) {}

  /// Where its results go.
  void add_result_link(link_maker<result> make) {
    results_.push_back(std::move(make));
  }

  /// Where its late records go.
  void add_late_link(link_maker<input> make) {
    late_.push_back(std::move(make));
  }

  const std::string& id() const override { return id_; }

  bool follows_event_time() const override {
    return options_.time == window_options::time_mode::event;
  }

  void prepare(uint32_t partitions) override {
    for (uint32_t p = 0; p < partitions; ++p) {
      counters_.push_back(std::make_shared<window_counters>());
      loads_.push_back(std::make_shared<actor_load>());
    }
    cores_.resize(partitions);
  }

  caf::expected<std::shared_ptr<void>> restore(const job_core& core,
                                               int32_t p) override {
    auto made = restore_window(config_of(core, p), logic_);
    if (!made)
      return made.error();
    if (auto dropped = (*made)->dropped_watermark())
      log::warn(core.options().job, "window/" + std::to_string(p),
                dropped_watermark_warning(*dropped, core.options()));
    return std::shared_ptr<void>{std::move(*made)};
  }

  caf::actor spawn(job_core& core, stage_wiring& wiring, int32_t p,
                   std::shared_ptr<void> restored) override {
    auto window_core = std::static_pointer_cast<core_type>(restored);
    auto config = config_of(core, p);
    for (auto& make : results_)
      for (auto& link : make(wiring, p))
        config.downstream.push_back(std::move(link));
    for (auto& make : late_)
      for (auto& link : make(wiring, p))
        config.late.push_back(std::move(link));
    {
      std::lock_guard guard{mtx_};
      cores_[p] = window_core;
    }
    auto handle =
        core.sys().spawn(window<Logic>, std::move(config), window_core);
    auto untyped = caf::actor_cast<caf::actor>(handle);
    wiring.set_window(p, untyped);
    return untyped;
  }

  window_status status(int32_t p, run_state state) const override {
    auto& counts = *counters_[p];
    window_status result{p, state, counts.late_records.load(), std::nullopt,
                         loads_[p]->report()};
    if (auto mark = counts.watermark_ms.load(); mark != no_watermark)
      result.watermark_ms = mark;
    return result;
  }

  caf::expected<nlohmann::json> read(int32_t p, std::string_view key,
                                     std::chrono::milliseconds wait) override {
    std::shared_ptr<core_type> window_core;
    {
      std::lock_guard guard{mtx_};
      window_core = cores_[p];
    }
    auto result = nlohmann::json::array();
    if (!window_core)
      return result;
    auto open = window_core->read_concurrently(key, wait);
    if (!open)
      return open.error();
    for (auto& w : *open) {
      auto entry = logic_.to_json(w.accumulator);
      entry["start"] = w.start;
      entry["end"] = w.end;
      entry["fired"] = w.has_fired;
      result.push_back(std::move(entry));
    }
    return result;
  }

private:
  window_config<Logic> config_of(const job_core& core, int32_t p) const {
    window_config<Logic> config;
    config.id = p;
    config.options = options_;
    config.column_family = id_;
    config.counters = counters_[p];
    config.load = loads_[p];
    config.store = core.store();
    config.store_writer = core.store_writer();
    config.max_future = core.options().max_future;
    return config;
  }

  std::string id_;
  Logic logic_;
  window_options options_;
  std::vector<link_maker<result>> results_;
  std::vector<link_maker<input>> late_;
  std::vector<std::shared_ptr<window_counters>> counters_;
  std::vector<std::shared_ptr<actor_load>> loads_;
  mutable std::mutex mtx_;
  std::vector<std::shared_ptr<core_type>> cores_; // the running ones
};

} // namespace eddy
