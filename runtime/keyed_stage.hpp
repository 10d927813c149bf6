// A job's keyed stage, described by the pipeline builder and then run: its
// sources each feeding an ingress, the partitions a supervisor restarts
// from the store, their windows, the sinks of the named outputs, the
// checkpoint coordinator, and the report of it all. Everything a job used
// to wire by hand.
#pragma once

#include <algorithm>
#include <any>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/ingress.hpp"
#include "actors/map_in_parallel.hpp"
#include "actors/partition.hpp"
#include "actors/persisted_positions.hpp"
#include "actors/supervisor.hpp"
#include "connectors/generator.hpp"
#include "connectors/kafka/kafka_source.hpp"
#include "connectors/kafka/topic_partitions.hpp"
#include "connectors/line_source.hpp"
#include "connectors/mqtt/mqtt_source.hpp"
#include "messages/dead_letter.hpp"
#include "messages/log.hpp"
#include "runtime/event_time_guard.hpp"
#include "runtime/job_core.hpp"
#include "runtime/misrouted_records.hpp"
#include "runtime/ports.hpp"
#include "runtime/source_plan.hpp"
#include "runtime/stage_runtime.hpp"
#include "runtime/stage_wiring.hpp"
#include "runtime/window_stage.hpp"

namespace eddy {

/// What can be crashed on purpose (fault injection).
using crashable_actor = caf::typed_actor<caf::reacts_to<crash_atom>>;

/// The name of every job's dead-letter output.
inline const std::string dead_letters_output = "dead letters";

/// How a stage's sources give their records' event time: the watermark
/// trails the newest by `out_of_orderness` per input partition, and an
/// input quiet for `idle_timeout` (zero: never) holds no one back.
template <class In>
struct event_time_policy {
  std::function<int64_t(const In&)> timestamp_of;
  std::chrono::milliseconds out_of_orderness{0};
  std::chrono::milliseconds idle_timeout{0};
};

/// Spawns the sinks of one named output at start-up (see keyed_stage).
using output_spawner =
    std::function<caf::error(job_core&, output_writers&, stage_wiring&)>;

template <class Logic>
class keyed_stage final : public stage_runtime {
public:
  using input = typename Logic::input;
  using output = typename Logic::output;
  using partition_t = partition_handle<Logic>;
  using state_t = partition_state<Logic>;

  using directory_t = partition_directory_of<Logic>;
  using started_t = started_partition<partition_t, state_t>;

  keyed_stage(std::string id, Logic logic)
      : id_(std::move(id)), logic_(logic) {}

  // -- what the builder describes ---------------------------------------------

  void add_source(source_plan<input> source) {
    sources_.push_back(std::move(source));
  }

  void set_event_time(event_time_policy<input> policy) {
    event_time_ = std::move(policy);
  }

  bool has_event_time() const { return bool{event_time_.timestamp_of}; }

  void add_link(link_maker<output> make) { links_.push_back(std::move(make)); }

  void set_window(std::shared_ptr<window_stage_base> window) {
    window_ = std::move(window);
  }

  window_stage_base* window_part() const { return window_.get(); }

  void add_output(std::string name, output_spawner spawn) {
    outputs_.emplace_back(std::move(name), std::move(spawn));
  }

  const std::vector<source_plan<input>>& sources() const { return sources_; }

  const std::string& id() const { return id_; }

  /// The graph as described; start() puts a node per sink actor in place
  /// of each output's node.
  void set_graph(job_graph graph) { graph_ = std::move(graph); }

  // -- running ------------------------------------------------------------

  /// Opens the store, spawns sinks, ingresses, partitions (restored), their
  /// windows and the coordinator, then starts the sources. Fails naming
  /// the cause; what started is stopped again by stop().
  [[nodiscard]] caf::error start(caf::actor_system& sys, engine_options opts,
                                 output_writers& writers) {
    core_ = std::make_unique<job_core>(sys, std::move(opts));
    auto& core = *core_;
    std::vector<std::string> families{id_};
    if (window_)
      families.push_back(window_->id());
    if (auto err = core.open(families, id_))
      return err;
    for (auto& [name, spawn] : outputs_)
      if (auto err = spawn(core, writers, wiring_))
        return err;
    auto letters = writers.take<dead_letter>(dead_letters_output);
    if (!letters)
      return letters.error();
    auto letters_sink =
        core.spawn_fanout_sink(dead_letters_output, std::move(*letters));
    if (!letters_sink)
      return letters_sink.error();
    dead_letters_ = std::move(*letters_sink);
    auto partitions = core.options().partitions;
    for (auto& node : graph_.nodes)
      if (node.kind == "partition" || node.kind == "window")
        node.parallelism = partitions;
    directory_ = std::make_shared<directory_t>(core.options().job, partitions);
    for (uint32_t p = 0; p < partitions; ++p)
      partition_loads_.push_back(std::make_shared<actor_load>());
    if (window_)
      window_->prepare(partitions);
    auto positions = persisted_positions(*core.store(), id_, partitions);
    if (!positions)
      return positions.error();
    // Every ingress exists before the partitions: the supervisor tells
    // each of them when a partition (re)starts. The sinks hear first, so
    // they drop what the dead incarnation fired before anything of the new
    // one (which the ingress's resend starts) reaches them.
    restart_listeners listeners{wiring_.sinks_as_restart_listeners(), {}};
    for (size_t i = 0; i < sources_.size(); ++i)
      listeners.ingresses.push_back(caf::actor_cast<restart_listener_actor>(
          spawn_ingress(sources_[i], static_cast<int32_t>(i), *positions)));
    if (auto err = start_partitions(listeners))
      return err;
    std::vector<persisted_listener_actor> ingresses;
    for (auto& [name, handle] : ingresses_)
      ingresses.push_back(caf::actor_cast<persisted_listener_actor>(handle));
    core.start_coordinator(directory_, std::move(ingresses));
    for (auto& src : sources_)
      if (auto err = start_source(checked(src), *positions))
        return err;
    finish_graph();
    return {};
  }

  // -- stage_runtime
  // ------------------------------------------------------------

  job_status status() const override {
    auto& core = *core_;
    auto result = directory_->status();
    result.delivery = core.delivery();
    result.graph = graph_;
    result.checkpoints = core.history()->recent();
    for (auto& part : result.partitions) {
      part.load = partition_loads_[part.id]->report();
      if (part.state == run_state::failed)
        result.failure += (result.failure.empty() ? "" : "; ") +
                          std::string{"partition "} + std::to_string(part.id) +
                          ": " + part.last_restart_reason;
      if (window_)
        result.windows.push_back(window_->status(part.id, part.state));
    }
    result.sources = core.source_statuses();
    result.sinks = core.sink_statuses();
    return result;
  }

  job_graph graph() const override { return graph_; }

  caf::expected<nlohmann::json> state_of(std::string_view key) override {
    auto p = partition_of(key);
    auto serving = serving_view(p);
    if (!serving)
      return serving.error();
    auto wait = core_->options().request_timeout;
    auto value = (*serving)->read_concurrently(key, wait);
    if (!value)
      return value.error();
    nlohmann::json result{{"key", key}};
    auto is_known = value->has_value();
    if (is_known)
      result["value"] = Logic::to_json(**value);
    if (window_) {
      auto open = window_->read(p, key, wait);
      if (!open)
        return open.error();
      is_known = is_known || !open->empty();
      result["windows"] = std::move(*open);
    }
    if (!is_known)
      return make_error(ec::unknown_key,
                        "key '" + std::string{key} + "' was never seen");
    return result;
  }

  caf::expected<std::any> value_of(std::string_view key) override {
    auto serving = serving_view(partition_of(key));
    if (!serving)
      return serving.error();
    auto value =
        (*serving)->read_concurrently(key, core_->options().request_timeout);
    if (!value)
      return value.error();
    if (!*value)
      return std::any{};
    return std::any{std::move(**value)};
  }

  caf::expected<std::string> inject_fault(const fault_request& fault) override {
    auto target = std::to_string(fault.target);
    auto partitions = directory_->size();
    auto out_of_range = [&](const char* what, size_t count) {
      return make_error(ec::unknown_key, std::string{"there is no "} + what +
                                             " " + target + "; the job has " +
                                             std::to_string(count));
    };
    switch (fault.what) {
    case fault_request::kind::crash_partition: {
      if (fault.target < 0 || static_cast<size_t>(fault.target) >= partitions)
        return out_of_range("partition", partitions);
      auto handle = directory_->running(fault.target);
      if (!handle)
        return make_error(ec::unavailable,
                          "partition " + target + " is not running");
      caf::anon_send(*handle, crash_atom::value);
      return "partition " + target + " crashed";
    }
    case fault_request::kind::crash_window: {
      if (!window_ || fault.target < 0 ||
          static_cast<size_t>(fault.target) >= partitions)
        return out_of_range("window", window_ ? partitions : 0);
      caf::anon_send(
          caf::actor_cast<crashable_actor>(wiring_.window(fault.target)),
          crash_atom::value);
      return "window " + target + " crashed";
    }
    case fault_request::kind::stall_sink:
      return core_->stall_sink(fault.target, fault.duration);
    }
    return make_error(ec::unknown_key, "unknown fault");
  }

  checkpoint_status checkpoint_now() override {
    return core_->checkpoint_now();
  }

  void savepoint(callback<std::string> done) override {
    core_->savepoint(std::move(done));
  }

  std::shared_ptr<port_base> port(const std::string& name) const override {
    auto i = ports_.find(name);
    return i == ports_.end() ? nullptr : i->second;
  }

  int32_t partition_of(std::string_view key) const override {
    return static_cast<int32_t>(core_->groups().partition_of(key));
  }

  caf::expected<position_map> applied_positions(int32_t p) override {
    auto handle = directory_->running(p);
    if (!handle)
      return make_error(ec::unavailable,
                        "partition " + std::to_string(p) + " is not running");
    caf::expected<position_map> result{position_map{}};
    caf::scoped_actor self{core_->sys()};
    self->request(*handle, core_->options().request_timeout,
                  positions_atom::value)
        .receive(
            [&](position_map& positions) { result = std::move(positions); },
            [&](caf::error& err) {
              result =
                  unavailable_or_timeout(err, "partition " + std::to_string(p));
            });
    return result;
  }

  /// Sources first, so what they took reaches the partitions (the Kafka
  /// source also commits it); then the ingresses drain, a last checkpoint
  /// makes everything applied durable (a restart replays nothing), the
  /// sinks flush and every actor stops.
  void stop() override {
    if (!core_ || is_stopped_)
      return;
    is_stopped_ = true;
    auto& core = *core_;
    if (socket_)
      socket_->stop();
    if (kafka_)
      kafka_->stop();
    if (mqtt_)
      mqtt_->stop();
    caf::scoped_actor self{core.sys()};
    const auto drain_timeout = std::chrono::seconds{10};
    auto report = [&](std::string what) {
      return [&core, what](caf::error& err) {
        log::warn(core.options().job, what, "while stopping: " + describe(err));
      };
    };
    for (auto& gen : generators_)
      self->request(gen, drain_timeout, stop_atom::value)
          .receive([](offset_t) {}, report("source/generator"));
    for (auto& [name, handle] : ingresses_)
      self->request(handle, drain_timeout, stop_atom::value)
          .receive([](bool) {}, report("source/" + name));
    if (directory_)
      core.checkpoint_or_report("while stopping");
    std::vector<caf::actor> also;
    if (directory_)
      for (auto& handle : directory_->handles())
        also.push_back(caf::actor_cast<caf::actor>(handle));
    if (directory_)
      for (size_t p = 0; p < directory_->size(); ++p)
        if (auto win = wiring_.window(static_cast<int32_t>(p)))
          also.push_back(win);
    core.stop_actors(std::move(also));
    ingresses_.clear();
    generators_.clear();
  }

  ~keyed_stage() override { stop(); }

private:
  using ingress_t = ingress_handle<Logic>;

  // Partition p's state, if it serves reads now.
  caf::expected<std::shared_ptr<state_t>> serving_view(int32_t p) const {
    auto serving = directory_->serving(p);
    if (serving)
      return serving;
    auto what = directory_->recovering(p)
                    ? " is replaying what it had not persisted"
                    : " is restarting";
    return make_error(ec::unavailable, "partition " + std::to_string(p) + what);
  }

  // The source partitions a source without offsets of its own feeds: the
  // ingress numbers their records after what the partitions applied.
  static std::vector<source_partition>
  unnumbered_inputs(const source_plan<input>& src) {
    switch (src.kind) {
    case source_kind::socket:
      return {{"socket", 0}};
    case source_kind::request:
      return {{src.name, 0}};
    case source_kind::manual: {
      std::vector<source_partition> result;
      for (auto& name : src.partitions)
        result.push_back({name, 0});
      return result;
    }
    default:
      return {};
    }
  }

  ingress_t spawn_ingress(const source_plan<input>& src, int32_t channel,
                          const std::vector<position_map>& positions) {
    auto& core = *core_;
    auto& opts = core.options();
    ingress_options in_opts;
    in_opts.max_batch = opts.batch_size;
    in_opts.credit = opts.batch_credit;
    in_opts.max_buffered = opts.ingress_buffer;
    in_opts.request_checkpoint = [&core] { core.request_checkpoint(); };
    for (auto& sp : unnumbered_inputs(src))
      in_opts.next_offsets[sp] = next_fresh_offset(positions, sp);
    in_opts.load = core.ingress_load(src.name);
    in_opts.channel = channel;
    in_opts.out_of_orderness_ms = event_time_.out_of_orderness.count();
    in_opts.idle_timeout = event_time_.idle_timeout;
    in_opts.max_future = opts.max_future;
    ingress_routing<input> routing;
    routing.key_of = [logic = logic_](const input& x) {
      return logic.key_of(x);
    };
    routing.timestamp_of = event_time_.timestamp_of;
    auto handle = core.sys().spawn(ingress<Logic>, core.groups(), directory_,
                                   in_opts, std::move(routing));
    core.keep(handle);
    ingresses_.emplace(src.name, handle);
    return handle;
  }

  partition_config<Logic> partition_config_of(int32_t p) const {
    auto& core = *core_;
    partition_config<Logic> pc;
    pc.id = p;
    pc.load = partition_loads_[p];
    pc.groups = core.groups();
    pc.store = core.store();
    pc.family = id_;
    pc.channels = std::max<size_t>(sources_.size(), 1);
    pc.store_writer = core.store_writer();
    pc.directory = directory_;
    pc.max_future = core.options().max_future;
    return pc;
  }

  struct restored {
    std::shared_ptr<void> windows;
    std::shared_ptr<state_t> partition;
  };

  caf::expected<restored> restore_pair(int32_t p) const {
    restored result;
    if (window_) {
      auto windows = window_->restore(*core_, p);
      if (!windows)
        return windows.error();
      result.windows = std::move(*windows);
    }
    auto partition = restore_partition(partition_config_of(p), logic_);
    if (!partition)
      return partition.error();
    if (auto dropped = (*partition)->dropped_watermark())
      log::warn(core_->options().job, "partition/" + std::to_string(p),
                dropped_watermark_warning(*dropped, core_->options()));
    result.partition = std::move(*partition);
    return result;
  }

  caf::expected<started_t> spawn_partition(int32_t p,
                                           caf::expected<restored> made) {
    if (!made)
      return made.error();
    auto& core = *core_;
    auto pc = partition_config_of(p);
    if (window_) {
      auto win = window_->spawn(core, wiring_, p, std::move(made->windows));
      pc.linked.push_back(win);
    }
    for (auto& make : links_)
      for (auto& link : make(wiring_, p))
        pc.downstream.push_back(std::move(link));
    if constexpr (requires(Logic & l, partition_clock & c,
                           keyed_state<typename Logic::value> & s,
                           std::vector<output> & o) { l.on_time(c, s, o); })
      pc.tick = std::chrono::milliseconds{100};
    auto core_state = made->partition;
    auto handle = core.sys().spawn(partition<Logic>, std::move(pc), core_state);
    return started_t{handle, std::move(core_state)};
  }

  caf::error start_partitions(restart_listeners listeners) {
    auto& core = *core_;
    auto partitions = core.options().partitions;
    // The first start restores every partition at once (each reads its own
    // key groups); restarts restore the one that crashed.
    auto threads = std::max(1u, std::thread::hardware_concurrency());
    auto first =
        std::make_shared<std::vector<std::optional<caf::expected<restored>>>>();
    for (auto& made : map_in_parallel(partitions, threads, [this](size_t p) {
           return restore_pair(static_cast<int32_t>(p));
         }))
      first->emplace_back(std::move(made));
    if (auto ok = core.store()->start_compactions(); !ok)
      return ok.error();
    auto first_mtx = std::make_shared<std::mutex>();
    auto spawn = [this, first, first_mtx](int32_t p) {
      std::optional<caf::expected<restored>> made;
      {
        std::lock_guard guard{*first_mtx};
        made = std::move((*first)[p]);
        (*first)[p].reset();
      }
      if (!made)
        made = restore_pair(p);
      return spawn_partition(p, std::move(*made));
    };
    supervisor_ = core.sys().spawn(
        supervisor<partition_t, state_t>,
        std::function<caf::expected<started_t>(int32_t)>{spawn}, directory_,
        std::move(listeners), core.options().restart);
    core.keep(supervisor_);
    return await_partitions();
  }

  // Waits until every partition has restored its state (it answers only
  // after that), so the job serves consistent state from the start.
  caf::error await_partitions() {
    using namespace std::chrono;
    auto deadline = steady_clock::now() + seconds{60};
    caf::scoped_actor self{core_->sys()};
    for (size_t p = 0; p < directory_->size(); ++p) {
      std::optional<partition_t> handle;
      while (!(handle = directory_->running(p))) {
        if (directory_->health(p) == partition_health::failed ||
            steady_clock::now() > deadline)
          return make_error(
              ec::unavailable,
              "partition " + std::to_string(p) + " did not start: " +
                  directory_->status().partitions[p].last_restart_reason);
        std::this_thread::sleep_for(milliseconds{1});
      }
      caf::error failure;
      self->request(*handle, seconds{60}, positions_atom::value)
          .receive([](const position_map&) {},
                   [&](caf::error& err) { failure = err; });
      if (failure)
        return make_error(ec::unavailable,
                          "partition " + std::to_string(p) +
                              " did not restore: " + describe(failure));
    }
    return {};
  }

  // Event time's bound on records: what they make beyond it is refused.
  future_check<input> future_check_of() const {
    return {event_time_.timestamp_of, core_->options().max_future};
  }

  // `src` refusing records beyond max.future where it parses them, when
  // the stage follows event time.
  source_plan<input> checked(const source_plan<input>& src) const {
    if (!has_event_time())
      return src;
    return with_future_check(src, future_check_of());
  }

  caf::error start_source(const source_plan<input>& src,
                          const std::vector<position_map>& positions) {
    auto& core = *core_;
    auto ingress = ingresses_.at(src.name);
    switch (src.kind) {
    case source_kind::generator:
      return start_generator(src, ingress, positions);
    case source_kind::socket:
      return start_socket(src, ingress);
    case source_kind::kafka:
      return start_kafka(src, ingress);
    case source_kind::mqtt:
      return start_mqtt(src, ingress, positions);
    case source_kind::request: {
      request_screen<input> screen;
      if (has_event_time())
        screen.check = [check = future_check_of()](const input& x) {
          return check(x);
        };
      screen.describe = src.describe;
      screen.dead_letters = dead_letters_;
      core.report_ingress_as_source(src.name, core.ingress_load(src.name),
                                    screen.refused);
      ports_[src.name] = std::make_shared<request_port<input, output>>(
          core.sys(), ingress, source_partition{src.name, 0},
          core.options().request_timeout, core.options().job,
          std::move(screen));
      return {};
    }
    case source_kind::manual:
      // Fed by tests; not a source people watch.
      ports_[src.name] = std::make_shared<stage_feed<input, output>>(
          core.sys(), ingress, src.from_port);
      return {};
    }
    return {};
  }

  caf::error start_generator(const source_plan<input>& src, ingress_t ingress,
                             const std::vector<position_map>& positions) {
    auto& core = *core_;
    // Each generator makes at least a record a second.
    auto n = src.rate > 0 ? static_cast<uint32_t>(
                                std::min<uint64_t>(src.parallelism, src.rate))
                          : src.parallelism;
    for (uint32_t k = 0; k < n; ++k) {
      generator_options gen_opts;
      gen_opts.from = source_partition{"generator", static_cast<int32_t>(k)};
      // The checkpoint covers every record up to its position; without one,
      // the lowest position any partition persisted.
      auto covered = core.restored()
                         ? resume_after(*core.restored(), gen_opts.from)
                         : std::nullopt;
      gen_opts.first_offset =
          covered.value_or(resume_offset(positions, gen_opts.from));
      gen_opts.rate = src.rate / n + (k < src.rate % n ? 1 : 0);
      gen_opts.max_batch = core.options().batch_size;
      gen_opts.instances = n;
      gen_opts.instance = k;
      auto gen = core.sys().spawn(generator<input, output>, ingress, src.make,
                                  gen_opts);
      core.keep(gen);
      generators_.push_back(gen);
    }
    core.report_ingress_as_source(src.name, core.ingress_load(src.name));
    return {};
  }

  caf::error start_socket(const source_plan<input>& src, ingress_t ingress) {
    auto& core = *core_;
    auto server = src.socket;
    server.log_context = {core.options().job, "source/" + src.name};
    socket_ = std::make_unique<line_source<input, output>>(
        core.sys(), std::move(server), source_partition{"socket", 0}, ingress,
        dead_letters_, src.from_line);
    core.report_source([name = src.name, sock = socket_.get()] {
      auto state = sock->connected() ? source_state::connected
                                     : source_state::reconnecting;
      return report_of(name, {state, {}}, sock->records(), sock->malformed());
    });
    return {};
  }

  // A connector's line in the report: its health, what it read and what it
  // sent to the dead letters.
  static source_status report_of(std::string name, source_health health,
                                 uint64_t records, uint64_t malformed) {
    source_status status;
    status.name = std::move(name);
    status.state = health.state;
    status.records = records;
    status.malformed = malformed;
    status.reason = std::move(health.reason);
    return status;
  }

  // In a cluster: a key belongs to the partition of the input it hashes to
  // (checked on every record) and the group keeps a key's partitions of
  // all inputs together. Answers how many partitions the inputs have.
  caf::expected<int32_t>
  share_by_key(kafka_source_options& kopts,
               typename kafka_source<input, output>::parser& parse) {
    auto counted = co_partitioned_count(kopts.properties, kopts.topics,
                                        core_->options().source_ready_timeout);
    if (!counted)
      return counted.error();
    parse = refuse_misrouted(
        std::move(parse), *counted,
        [logic = logic_](const input& x) { return logic.key_of(x); });
    // A process joining or leaving moves only the partitions that change
    // owner (cooperative). Several topics need the range assignor: it gives
    // the same partition of each to one member, so a key's records of all
    // inputs meet where its state is (Kafka Streams' rule).
    kopts.properties.try_emplace(
        "partition.assignment.strategy",
        kopts.topics.size() > 1 ? "range" : "cooperative-sticky");
    return counted;
  }

  caf::error start_kafka(const source_plan<input>& src, ingress_t ingress) {
    auto& core = *core_;
    auto& opts = core.options();
    if (!opts.kafka.contains("bootstrap.servers"))
      return make_error(ec::invalid_config,
                        "kafka.bootstrap.servers: required for job " +
                            opts.job + "'s Kafka source");
    kafka_source_options kopts;
    kopts.properties = opts.kafka;
    kopts.properties["group.id"] = opts.kafka_group;
    kopts.topics = src.topics;
    auto parse = src.from_kafka;
    int32_t key_partitions = 0;
    if (opts.clustered) {
      auto counted = share_by_key(kopts, parse);
      if (!counted)
        return counted.error();
      key_partitions = *counted;
    }
    kopts.delivered_before_committed = opts.clustered;
    kopts.commit_interval = opts.kafka_commit_interval;
    kopts.log_context = {opts.job, "source/" + src.name};
    kopts.ready_timeout = opts.source_ready_timeout;
    kopts.make_durable = [&core] {
      core.checkpoint_or_report("before committing to Kafka");
    };
    // The latest checkpoint says where the persisted state ends; without
    // one, the group's committed offset (which never passes a checkpoint),
    // except in a cluster: a partition may come from another member, whose
    // state for its keys this process rebuilds from the partition's start
    // (the source drops the outputs the group delivered already).
    // Partitions skip what they applied before, so an earlier start is
    // safe.
    auto resume_at = [restored = core.restored(), clustered = opts.clustered](
                         const source_partition& sp) -> offset_t {
      if (!restored)
        return clustered ? 0 : -1;
      return resume_after(*restored, sp).value_or(0);
    };
    auto made = kafka_source<input, output>::make(
        core.sys(), kopts, ingress, dead_letters_, std::move(parse), resume_at);
    if (!made)
      return made.error();
    kafka_ = std::move(*made);
    core.on_checkpoint([source = kafka_.get()] { source->commit_soon(); });
    core.report_source(
        [name = src.name, source = kafka_.get(), key_partitions] {
          auto status = report_of(name, source->health(), source->records(),
                                  source->malformed());
          status.key_partitions = key_partitions;
          for (auto& [at, lag] : source->lag())
            status.lag.push_back({at.source, at.partition, lag});
          for (auto& at : source->assigned_partitions())
            status.assigned.push_back({at.source, at.partition});
          return status;
        });
    return {};
  }

  caf::error start_mqtt(const source_plan<input>& src, ingress_t ingress,
                        const std::vector<position_map>& positions) {
    auto& core = *core_;
    mqtt_subscriber::options opts;
    opts.broker_uri = core.options().mqtt_broker;
    opts.client_id = src.client_id;
    opts.topic_filter = src.topic_filter;
    opts.log_context = {core.options().job, "source/" + src.name};
    source_partition from{"mqtt:" + src.topic_filter, 0};
    auto log = received_log::open(mqtt_log_dir(src),
                                  next_fresh_offset(positions, from));
    if (!log)
      return log.error();
    std::shared_ptr<received_log> shared = std::move(*log);
    // The checkpoint covers every record up to its position; without one,
    // the lowest position any partition persisted.
    auto covered =
        core.restored() ? resume_after(*core.restored(), from) : std::nullopt;
    auto replay_after = covered.value_or(resume_offset(positions, from)) - 1;
    auto made = mqtt_source<input, output>::make(core.sys(), opts, ingress,
                                                 dead_letters_, src.from_mqtt,
                                                 shared, replay_after);
    if (!made)
      return made.error();
    core.on_checkpoint([log = shared, from, history = core.history(),
                        context = opts.log_context] {
      auto latest = history->recent();
      if (latest.empty())
        return;
      if (auto next = resume_after(latest.front(), from))
        if (auto err = log->forget_through(*next - 1))
          context.warn("cannot forget what a checkpoint covers: " +
                       describe(err));
    });
    mqtt_.emplace(std::move(*made));
    core.report_source([name = src.name, source = &*mqtt_,
                        timeout = core.options().source_ready_timeout] {
      return report_of(name, source->health(timeout), source->records(),
                       source->malformed());
    });
    return {};
  }

  // The MQTT source's log, in the job's state: one per topic filter, its
  // characters that a file name cannot hold replaced.
  std::string mqtt_log_dir(const source_plan<input>& src) const {
    auto name = src.topic_filter;
    for (auto& c : name)
      if (c == '/' || c == '#' || c == '+')
        c = '_';
    return core_->options().state_dir + "/mqtt-log/" + name;
  }

  // Puts a node per sink actor in place of each output's node ("sink/<output
  // to writer>"), with the output's edges; an output without sinks goes.
  void finish_graph() {
    job_graph result;
    std::map<std::string, std::vector<std::string>> expanded;
    for (auto& node : graph_.nodes) {
      if (node.kind != "sink") {
        result.nodes.push_back(node);
        continue;
      }
      auto output = node.id.substr(std::string_view{"sink/"}.size());
      auto& ids = expanded[node.id];
      for (auto& name : core_->sinks_of(output)) {
        ids.push_back("sink/" + name);
        result.nodes.push_back({ids.back(), "sink", 1, node.steps});
      }
    }
    auto ends = [&](const std::string& id) {
      auto i = expanded.find(id);
      return i == expanded.end() ? std::vector<std::string>{id} : i->second;
    };
    for (auto& edge : graph_.edges)
      for (auto& from : ends(edge.from))
        for (auto& to : ends(edge.to))
          result.edges.push_back({from, to, edge.shipping});
    graph_ = std::move(result);
  }

  // Described by the builder.
  std::string id_;
  Logic logic_;
  std::vector<source_plan<input>> sources_;
  event_time_policy<input> event_time_;
  std::vector<link_maker<output>> links_;
  std::shared_ptr<window_stage_base> window_;
  std::vector<std::pair<std::string, output_spawner>> outputs_;
  job_graph graph_;

  // Running.
  std::unique_ptr<job_core> core_;
  stage_wiring wiring_;
  consumer_actor<dead_letter> dead_letters_;
  std::shared_ptr<directory_t> directory_;
  std::vector<std::shared_ptr<actor_load>> partition_loads_;
  supervisor_actor supervisor_;
  std::map<std::string, ingress_t> ingresses_;
  std::map<std::string, std::shared_ptr<port_base>> ports_;
  std::vector<generator_actor> generators_;
  std::unique_ptr<line_source<input, output>> socket_;
  std::unique_ptr<kafka_source<input, output>> kafka_;
  std::optional<mqtt_source<input, output>> mqtt_;
  bool is_stopped_ = false;
};

} // namespace eddy
