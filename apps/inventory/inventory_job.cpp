// Wires the inventory job from engine parts and answers the HTTP front.
#include "apps/inventory/inventory_job.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/actor_load.hpp"
#include "actors/checkpoint_coordinator.hpp"
#include "actors/checkpoint_history.hpp"
#include "actors/fanout_writer.hpp"
#include "actors/ingress.hpp"
#include "actors/map_in_parallel.hpp"
#include "actors/partition.hpp"
#include "actors/persisted_positions.hpp"
#include "actors/rate_sampler.hpp"
#include "actors/select_writer.hpp"
#include "actors/sink.hpp"
#include "actors/store_writer.hpp"
#include "actors/supervisor.hpp"
#include "actors/wall_clock.hpp"
#include "actors/window.hpp"
#include "apps/inventory/inventory_graph.hpp"
#include "apps/inventory/inventory_logic.hpp"
#include "apps/inventory/summary_logic.hpp"
#include "connectors/generator.hpp"
#include "connectors/kafka/kafka_source.hpp"
#include "connectors/line_source.hpp"
#include "connectors/mqtt/mqtt_source.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"

namespace eddy {

namespace {

using partition_t = partition_handle<inventory_logic>;
using ingress_t = ingress_handle<inventory_logic>;
using directory_t = partition_directory_of<inventory_logic>;
using started_t =
    started_partition<partition_t, partition_state<inventory_logic>>;
using window_t = window_handle<summary_logic>;

/// A partition's window and state, restored from the same checkpoint.
struct restored_pair {
  std::shared_ptr<window_operator<summary_logic>> windows;
  std::shared_ptr<partition_state<inventory_logic>> core;
};

/// What the first start restored, each taken by its partition's first
/// spawn (the supervisor spawns them one after another; restoring them
/// together uses every core).
struct first_restores {
  std::mutex mtx;
  std::vector<std::optional<caf::expected<restored_pair>>> slots;
};

template <class Restore>
std::shared_ptr<first_restores> restore_in_parallel(uint32_t partitions,
                                                    Restore restore) {
  auto result = std::make_shared<first_restores>();
  auto threads = std::max(1u, std::thread::hardware_concurrency());
  for (auto& restored : map_in_parallel(partitions, threads, [&](size_t p) {
         return restore(static_cast<int32_t>(p));
       }))
    result->slots.emplace_back(std::move(restored));
  return result;
}

std::optional<caf::expected<restored_pair>>
take_first_restore(first_restores& restores, int32_t p) {
  std::lock_guard guard{restores.mtx};
  auto result = std::move(restores.slots[p]);
  restores.slots[p].reset();
  return result;
}

/// The actors that are not known until they are spawned, for the callbacks
/// that need them: the coordinator (ingresses ask it for checkpoints) and
/// each partition's current window (fault injection).
struct late_handles {
  std::mutex mtx;
  coordinator_actor coordinator;
  std::vector<window_t> windows;

  /// Runs on every completed checkpoint (the Kafka source commits).
  std::function<void()> on_checkpoint;

  void checkpoint_completed() {
    std::lock_guard guard{mtx};
    if (on_checkpoint)
      on_checkpoint();
  }

  coordinator_actor current_coordinator() {
    std::lock_guard guard{mtx};
    return coordinator;
  }

  void request_checkpoint() {
    if (auto handle = current_coordinator())
      caf::anon_send(handle, checkpoint_atom::value);
  }

  // Takes a checkpoint and waits for it.
  checkpoint_status checkpoint_now(caf::actor_system& sys,
                                   std::chrono::milliseconds timeout) {
    checkpoint_status result;
    result.outcome = "failed";
    auto handle = current_coordinator();
    if (!handle) {
      result.reason = "the job has stopped";
      return result;
    }
    caf::scoped_actor self{sys};
    // The coordinator fails a checkpoint after `timeout`; wait for that
    // answer rather than give up at the same moment.
    self->request(handle, timeout + std::chrono::seconds{10},
                  checkpoint_atom::value)
        .receive([&](checkpoint_status& cp) { result = std::move(cp); },
                 [&](caf::error& err) { result.reason = describe(err); });
    return result;
  }

  // Takes a checkpoint and waits for it; reports one that fails.
  void checkpoint_or_report(caf::actor_system& sys,
                            std::chrono::milliseconds timeout,
                            std::string_view when) {
    auto cp = checkpoint_now(sys, timeout);
    if (cp.outcome != "completed")
      std::cerr << "eddy: the checkpoint " << when << " failed: " << cp.reason
                << '\n';
  }
};

const source_partition generator_source{"generator", 0};
const source_partition socket_source{"socket", 0};
const source_partition http_source{"http", 0};
const source_partition manual_transactions{"transactions", 0};
const source_partition manual_queries{"queries", 0};

// A line on the seed's socket is a query (`123 item_2`) or, if it has
// tabs, a transaction.
caf::expected<inventory_input> parse_socket_line(std::string_view line) {
  if (line.find('\t') == std::string_view::npos) {
    auto q = parse_query(line);
    if (!q)
      return q.error();
    return inventory_input{std::move(*q)};
  }
  auto tx = parse_transaction(line);
  if (!tx)
    return tx.error();
  return inventory_input{std::move(*tx)};
}

// MQTT has no offsets: the ingress numbers its records.
source_partition mqtt_source_partition(const settings& cfg) {
  return {"mqtt:" + cfg.get_string("mqtt.topic"), 0};
}

// Refuses a store written with another key-space shape.
caf::expected<void> check_shape(state_store& store, const key_groups& groups) {
  auto shape = std::to_string(groups.partitions()) + " partitions, " +
               std::to_string(groups.groups()) + " key groups";
  auto stored = store.get(inventory_logic::name, layout::shape_key());
  if (!stored)
    return stored.error();
  if (!*stored)
    return store.write({{inventory_logic::name, layout::shape_key(), shape}});
  if (**stored != shape)
    return make_error(ec::invalid_config,
                      "partitions/key.groups: the state in " + store.dir() +
                          " was written with " + **stored + ", not " + shape +
                          "; start with the same values (rescaling state is "
                          "not supported yet)");
  return caf::unit;
}

// Maps a failed request to what the HTTP front reports.
caf::error unavailable_or_timeout(const caf::error& err, std::string what) {
  if (err == caf::sec::request_timeout)
    return make_error(ec::timeout, what + " did not answer in time");
  if (err.category() == caf::atom("eddy"))
    return err;
  return make_error(ec::unavailable,
                    what + " is unavailable: " + describe(err));
}

// A one-shot actor that applies one posted transaction and reports its
// result once it is persisted.
void apply_transaction(caf::event_based_actor* self, ingress_t ingress,
                       std::chrono::milliseconds timeout,
                       batch<inventory_input> in,
                       callback<transaction_result> done) {
  self->request(ingress, timeout, std::move(in))
      .then(
          [=](const batch_ack<inventory_output>& ack) {
            for (auto& out : ack.outputs)
              if (auto* res = std::get_if<transaction_result>(&out)) {
                done(*res);
                return;
              }
            done(make_error(ec::unavailable,
                            "the transaction was applied before its partition "
                            "restarted; its result is not known"));
          },
          [=](caf::error& err) {
            done(unavailable_or_timeout(err, "the inventory job"));
          });
}

// A one-shot actor that asks the coordinator for a savepoint.
void take_savepoint(caf::event_based_actor* self, coordinator_actor coordinator,
                    std::chrono::milliseconds timeout,
                    callback<std::string> done) {
  self->request(coordinator, timeout, savepoint_atom::value)
      .then([=](const std::string& path) { done(path); },
            [=](caf::error& err) {
              done(unavailable_or_timeout(err, "the savepoint"));
            });
}

} // namespace

struct inventory_job::impl {
  caf::actor_system& sys;
  key_groups groups;
  std::chrono::milliseconds request_timeout;
  std::shared_ptr<state_store> store;
  store_writer_actor store_writer;
  std::shared_ptr<directory_t> directory;
  std::map<std::string, ingress_t> ingresses; // by source name
  std::vector<caf::actor> actors;             // everything to stop
  std::vector<caf::typed_actor<caf::replies_to<flush_atom>::with<uint64_t>>>
      sinks;
  supervisor_actor supervisor;
  std::optional<generator_actor> generator;
  std::unique_ptr<line_source<inventory_input, inventory_output>> socket;
  std::unique_ptr<kafka_source<inventory_input, inventory_output>> kafka;
  std::optional<mqtt_source<inventory_input, inventory_output>> mqtt;
  struct sink_report {
    std::string name;
    std::shared_ptr<sink_counters> counters;
    std::shared_ptr<actor_load> load;
  };
  std::vector<sink_report> sink_reports;
  std::vector<caf::actor> sink_actors; // in the order of sink_reports
  std::vector<commit_listener_actor> commit_listeners;
  std::shared_ptr<late_handles> late = std::make_shared<late_handles>();
  std::shared_ptr<checkpoint_history> history =
      std::make_shared<checkpoint_history>();
  std::optional<checkpoint_status> restored_checkpoint;
  std::chrono::milliseconds checkpoint_timeout{60000};
  std::string delivery = "at-least-once";
  std::vector<std::function<source_status()>> source_reports;
  /// Per source name, the load of its ingress.
  std::map<std::string, std::shared_ptr<actor_load>> ingress_loads;
  /// Per partition, shared by its incarnations.
  std::vector<std::shared_ptr<actor_load>> partition_loads;
  std::vector<std::shared_ptr<actor_load>> window_loads;
  std::vector<std::shared_ptr<window_counters>> window_counts;
  job_graph graph;
  std::unique_ptr<rate_sampler> rates; // null once stopping
  bool stopped = false;

  impl(caf::actor_system& sys, key_groups groups) : sys(sys), groups(groups) {}

  template <class Handle>
  void keep(const Handle& handle) {
    actors.push_back(caf::actor_cast<caf::actor>(handle));
  }

  template <class T>
  consumer_actor<T> spawn_sink(std::string name,
                               std::unique_ptr<record_writer<T>> writer,
                               sink_options options) {
    options.counters = std::make_shared<sink_counters>();
    options.load = std::make_shared<actor_load>();
    sink_reports.push_back({std::move(name), options.counters, options.load});
    auto handle = sys.spawn<caf::detached>(sink<T>, std::move(writer), options);
    keep(handle);
    sink_actors.push_back(caf::actor_cast<caf::actor>(handle));
    commit_listeners.push_back(caf::actor_cast<commit_listener_actor>(handle));
    sinks.push_back(
        caf::actor_cast<typename decltype(sinks)::value_type>(handle));
    return caf::actor_cast<consumer_actor<T>>(handle);
  }

  /// One sink writing to all of `writers` (or discarding, if none), for
  /// outputs a single actor feeds.
  template <class T>
  consumer_actor<T> spawn_fanout_sink(const std::string& what,
                                      named_writers<T> writers,
                                      const sink_options& options) {
    if (writers.size() == 1)
      return spawn_sink(what + " to " + writers[0].first,
                        std::move(writers[0].second), options);
    std::string names;
    std::vector<std::unique_ptr<record_writer<T>>> all;
    for (auto& [name, writer] : writers) {
      names += (names.empty() ? "" : ", ") + name;
      all.push_back(std::move(writer));
    }
    if (all.empty())
      return spawn_sink<T>(what + " (discarded)",
                           std::make_unique<discarding_writer<T>>(), options);
    return spawn_sink<T>(what + " to " + names,
                         std::make_unique<fanout_writer<T>>(std::move(all)),
                         options);
  }

  ingress_t spawn_ingress(const std::string& name, ingress_options options) {
    options.load = std::make_shared<actor_load>();
    ingress_loads.emplace(name, options.load);
    auto handle =
        sys.spawn(ingress<inventory_logic>, groups, directory, options);
    keep(handle);
    ingresses.emplace(name, handle);
    return handle;
  }

  /// Reports source `name`, which has no connector of its own (the
  /// generator actor, HTTP posts), by what its ingress took in.
  void report_ingress_as_source(const std::string& name) {
    source_reports.push_back([name, load = ingress_loads.at(name)] {
      return source_status{name, "running", load->records_in.load(), 0, {}, {}};
    });
  }

  /// The graph, once every actor runs: the first `result_sinks` sinks take
  /// the partitions' results, then come the alerts and the dead letters.
  void describe_graph(size_t result_sinks) {
    inventory_graph_parts parts;
    for (auto& report : source_reports) {
      auto name = report().name;
      auto parses = name != "generator" && name != "http";
      parts.sources.push_back({std::move(name), parses});
    }
    parts.partitions = static_cast<uint32_t>(directory->size());
    for (size_t i = 0; i < result_sinks; ++i)
      parts.result_sinks.push_back(sink_reports[i].name);
    parts.alerts_sink = sink_reports[result_sinks].name;
    parts.dead_letters_sink = sink_reports[result_sinks + 1].name;
    graph = inventory_graph(parts);
  }

  // Waits until every partition has restored its state (it answers only
  // after that), so the job serves consistent stock from the start.
  caf::expected<void> await_partitions() {
    using namespace std::chrono;
    auto deadline = steady_clock::now() + seconds{60};
    caf::scoped_actor self{sys};
    for (size_t p = 0; p < directory->size(); ++p) {
      std::optional<partition_t> handle;
      while (!(handle = directory->running(p))) {
        if (directory->health(p) == partition_health::failed ||
            steady_clock::now() > deadline)
          return make_error(
              ec::unavailable,
              "partition " + std::to_string(p) + " did not start: " +
                  directory->status().partitions[p].last_restart_reason);
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
    return caf::unit;
  }

  // Reads the seed's topics: tab-delimited transactions and `123 item_2`
  // queries. Offsets are committed only for records the partitions persisted.
  caf::error start_kafka_source(const settings& cfg,
                                consumer_actor<dead_letter> dead_letters) {
    auto& job = *this;
    if (!cfg.get_bool("source.kafka.enabled"))
      return {};
    if (auto err = check_kafka_settings(cfg))
      return err;
    kafka_source_options opts;
    opts.properties = cfg.kafka_properties();
    auto tx_topic = cfg.get_string("transaction.input.topic");
    opts.topics = {tx_topic, cfg.get_string("query.input.topic")};
    opts.commit_interval = std::chrono::milliseconds{
        cfg.get_int("source.kafka.commit.interval.ms")};
    opts.make_durable = [late = job.late, &sys = job.sys,
                         timeout = job.checkpoint_timeout] {
      late->checkpoint_or_report(sys, timeout, "before committing to Kafka");
    };
    auto parse =
        [tx_topic](
            const kafka_message_view& msg) -> caf::expected<inventory_input> {
      if (msg.topic == tx_topic) {
        auto tx = parse_transaction(msg.payload);
        if (!tx)
          return tx.error();
        return inventory_input{std::move(*tx)};
      }
      auto q = parse_query(msg.payload);
      if (!q)
        return q.error();
      return inventory_input{std::move(*q)};
    };
    // The latest checkpoint says where the persisted state ends; without
    // one, the group's committed offset (which never passes a checkpoint).
    // Partitions skip what they applied before, so an earlier start is safe.
    auto resume_at = [restored = job.restored_checkpoint](
                         const source_partition& sp) -> offset_t {
      if (!restored)
        return -1;
      return resume_after(*restored, sp).value_or(0);
    };
    auto source = kafka_source<inventory_input, inventory_output>::make(
        job.sys, opts, job.ingresses.at("kafka"), dead_letters, parse,
        resume_at);
    if (!source)
      return source.error();
    job.kafka = std::move(*source);
    {
      std::lock_guard guard{job.late->mtx};
      job.late->on_checkpoint = [src = job.kafka.get()] { src->commit_soon(); };
    }
    job.source_reports.push_back([src = job.kafka.get()] {
      auto failure = src->failure();
      source_status status{"kafka",
                           failure.empty() ? "running" : "failed",
                           src->records(),
                           src->malformed(),
                           {},
                           {}};
      for (auto& [at, lag] : src->lag())
        status.lag.push_back({at.source, at.partition, lag});
      return status;
    });
    return {};
  }

  // Reads transactions from an MQTT topic: JSON objects as the HTTP API takes
  // them, or tab-delimited lines.
  caf::error start_mqtt_source(const settings& cfg,
                               consumer_actor<dead_letter> dead_letters) {
    auto& job = *this;
    if (!cfg.get_bool("source.mqtt.enabled"))
      return {};
    mqtt_subscriber::options opts;
    opts.broker_uri = cfg.get_string("mqtt.server.uri");
    opts.client_id = cfg.get_string("mqtt.client.id");
    opts.topic_filter = cfg.get_string("mqtt.topic");
    auto json = cfg.get_string("mqtt.format") == "json";
    auto parse =
        [json](std::string_view,
               std::string_view payload) -> caf::expected<inventory_input> {
      if (!json)
        return parse_socket_line(payload);
      auto tx = transaction_from_json_text(payload);
      if (!tx)
        return tx.error();
      return inventory_input{std::move(*tx)};
    };
    auto source = mqtt_source<inventory_input, inventory_output>::make(
        job.sys, opts, job.ingresses.at("mqtt"), dead_letters, parse);
    if (!source)
      return source.error();
    job.mqtt.emplace(std::move(*source));
    job.source_reports.push_back([src = &*job.mqtt] {
      auto st = src->current_status();
      return source_status{"mqtt",
                           std::string{to_string(st.connection.state)},
                           src->records(),
                           src->malformed(),
                           {},
                           {}};
    });
    return {};
  }

  // Stops everything the job started, in order; also runs when start()
  // fails half-way, so no actor outlives the job. Idempotent.
  void shutdown() {
    auto& job = *this;
    if (job.stopped)
      return;
    job.stopped = true;
    // Sources first: what they took reaches the partitions before the rest
    // stops (the Kafka source also commits it).
    if (job.socket)
      job.socket->stop();
    if (job.kafka)
      job.kafka->stop();
    if (job.mqtt)
      job.mqtt->stop();
    caf::scoped_actor self{job.sys};
    const auto drain_timeout = std::chrono::seconds{10};
    auto report = [](std::string what) {
      return [what](caf::error& err) {
        std::cerr << "eddy: while stopping, " << what << ": " << describe(err)
                  << '\n';
      };
    };
    if (job.generator)
      self->request(*job.generator, drain_timeout, stop_atom::value)
          .receive([](offset_t) {}, report("the generator"));
    for (auto& [name, handle] : job.ingresses)
      self->request(handle, drain_timeout, stop_atom::value)
          .receive([](bool) {},
                   report("the " + name + " source did not drain"));
    // A last checkpoint makes everything applied durable, so a restart
    // replays nothing.
    job.late->checkpoint_or_report(job.sys, job.checkpoint_timeout,
                                   "while stopping");
    for (auto& sink : job.sinks)
      self->request(sink, drain_timeout, flush_atom::value)
          .receive([](uint64_t) {}, report("a sink did not flush"));
    for (auto& handle : job.actors)
      self->send_exit(handle, caf::exit_reason::user_shutdown);
    // The partitions die with their supervisor; once all are gone, nothing
    // holds the store any more and a new job may open it.
    std::vector<window_t> windows;
    {
      std::lock_guard guard{job.late->mtx};
      for (auto& win : job.late->windows)
        if (win)
          windows.push_back(win);
    }
    if (job.directory)
      self->wait_for(job.actors, job.directory->handles(), windows);
    else
      self->wait_for(job.actors, windows);
    job.actors.clear();
    job.sinks.clear();
    job.ingresses.clear();
    job.generator.reset();
    job.supervisor = nullptr;
    std::lock_guard guard{job.late->mtx};
    job.late->coordinator = nullptr;
  }

  ~impl() { shutdown(); }

  void push(const std::string& ingress_name, batch<inventory_input> in) {
    caf::scoped_actor self{sys};
    self->request(ingresses.at(ingress_name), caf::infinite, std::move(in))
        .receive([](const batch_ack<inventory_output>&) {},
                 [&](caf::error& err) {
                   std::cerr << "eddy: cannot feed " << ingress_name << ": "
                             << describe(err) << '\n';
                 });
  }
};

caf::expected<std::unique_ptr<inventory_job>>
inventory_job::start(caf::actor_system& sys, const settings& cfg,
                     inventory_outputs out) {
  auto partitions = static_cast<uint32_t>(cfg.get_int("partitions"));
  auto group_count = static_cast<uint32_t>(cfg.get_int("key.groups"));
  if (partitions > group_count)
    return make_error(ec::invalid_config,
                      "partitions: " + std::to_string(partitions) +
                          " exceeds key.groups (" +
                          std::to_string(group_count) +
                          "); a partition owns at least one key group");
  auto ptr = std::make_unique<impl>(sys, key_groups{group_count, partitions});
  auto& job = *ptr;
  job.request_timeout =
      std::chrono::milliseconds{cfg.get_int("http.request.timeout.ms")};
  auto store = state_store::open(cfg.get_string("state.dir"),
                                 {inventory_logic::name, summary_logic::name});
  if (!store)
    return store.error();
  job.store = *store;
  job.store_writer = spawn_store_writer(sys, job.store);
  job.keep(job.store_writer);
  if (auto ok = check_shape(*job.store, job.groups); !ok)
    return ok.error();
  auto restored = latest_checkpoint(*job.store);
  if (!restored)
    return restored.error();
  job.restored_checkpoint = std::move(*restored);
  job.checkpoint_timeout =
      std::chrono::milliseconds{cfg.get_int("checkpoint.timeout.ms")};
  if (cfg.get_bool("sink.kafka.exactly_once"))
    job.delivery = "exactly-once";
  auto positions =
      persisted_positions(*job.store, inventory_logic::name, partitions);
  if (!positions)
    return positions.error();

  // Sinks and windows, downstream first.
  sink_options sink_opts;
  sink_opts.max_batch = static_cast<size_t>(cfg.get_int("sink.batch.size"));
  sink_opts.max_delay = std::chrono::milliseconds{cfg.get_int("sink.flush.ms")};
  sink_opts.max_buffered =
      static_cast<size_t>(cfg.get_int("sink.buffer.records"));
  using link = downstream_link<inventory_output>;
  auto is_transaction_result = [](const inventory_output& out) {
    return std::holds_alternative<transaction_result>(out);
  };
  auto is_query_result = [](const inventory_output& out) {
    return std::holds_alternative<query_result>(out);
  };
  std::vector<link> result_sinks;
  for (auto& [name, writer] : out.transaction_results)
    result_sinks.push_back(
        {job.spawn_sink<inventory_output>(
             "transaction results to " + name,
             std::make_unique<
                 select_writer<inventory_output, transaction_result>>(
                 std::move(writer)),
             sink_opts),
         is_transaction_result});
  for (auto& [name, writer] : out.query_results)
    result_sinks.push_back(
        {job.spawn_sink<inventory_output>(
             "query results to " + name,
             std::make_unique<select_writer<inventory_output, query_result>>(
                 std::move(writer)),
             sink_opts),
         is_query_result});
  auto result_sink_count = job.sink_reports.size();
  auto alerts =
      job.spawn_fanout_sink("alerts", std::move(out.alerts), sink_opts);
  auto dead_letters = job.spawn_fanout_sink(
      "dead letters", std::move(out.dead_letters), sink_opts);
  window_options win_opts;
  win_opts.size_ms = cfg.get_int("window.size.ms");
  win_opts.time = cfg.get_string("window.time") == "event"
                      ? window_options::time_mode::event
                      : window_options::time_mode::processing;
  summary_logic summaries{cfg.get_int("transaction.num.min"),
                          cfg.get_double("transaction.failure.rate.min")};

  // Ingresses, one per source, then the supervised partitions.
  job.directory = std::make_shared<directory_t>("inventory", partitions);
  ingress_options in_opts;
  in_opts.max_batch = static_cast<size_t>(cfg.get_int("batch.size"));
  in_opts.credit = static_cast<size_t>(cfg.get_int("batch.credit"));
  // Records stay buffered until a checkpoint persists them; past half of
  // this the ingress asks for one early. The default holds a second at 2M
  // tx/s: a smaller buffer took a checkpoint every ~0.4 s at full speed,
  // which rewrote most keys twice as often.
  in_opts.max_buffered =
      static_cast<size_t>(cfg.get_int("ingress.buffer.records"));
  in_opts.request_checkpoint = [late = job.late] {
    late->request_checkpoint();
  };
  job.late->windows.resize(partitions);
  for (uint32_t p = 0; p < partitions; ++p) {
    job.partition_loads.push_back(std::make_shared<actor_load>());
    job.window_loads.push_back(std::make_shared<actor_load>());
    job.window_counts.push_back(std::make_shared<window_counters>());
  }
  auto fresh = [&](std::initializer_list<source_partition> sources) {
    auto opts = in_opts;
    for (auto& sp : sources)
      opts.next_offsets[sp] = next_fresh_offset(*positions, sp);
    return opts;
  };
  // Every ingress exists before the partitions: the supervisor tells each
  // of them when a partition (re)starts.
  std::vector<std::pair<std::string, ingress_options>> sources{
      {"generator", in_opts},
      {"socket", fresh({socket_source})},
      {"http", fresh({http_source})},
      {"manual", fresh({manual_transactions, manual_queries})}};
  if (cfg.get_bool("source.kafka.enabled"))
    sources.emplace_back("kafka", in_opts);
  if (cfg.get_bool("source.mqtt.enabled"))
    sources.emplace_back("mqtt", fresh({mqtt_source_partition(cfg)}));
  std::vector<restart_listener_actor> listeners;
  for (auto& [name, opts] : sources)
    listeners.push_back(
        caf::actor_cast<restart_listener_actor>(job.spawn_ingress(name, opts)));
  // A partition and its window are restored from the same checkpoint and
  // linked: a crash of either restarts both.
  auto window_config_of = [win_opts, alerts, store = job.store,
                           writer = job.store_writer, loads = job.window_loads,
                           counts = job.window_counts](int32_t p) {
    window_config<summary_logic> wc;
    wc.id = p;
    wc.load = loads[p];
    wc.counters = counts[p];
    wc.options = win_opts;
    wc.column_family = summary_logic::name;
    wc.downstream = alerts;
    wc.store = store;
    wc.store_writer = writer;
    return wc;
  };
  auto partition_config_of = [groups = job.groups, store = job.store,
                              writer = job.store_writer,
                              directory = job.directory, result_sinks,
                              loads = job.partition_loads](int32_t p) {
    partition_config<inventory_logic> pc;
    pc.id = p;
    pc.load = loads[p];
    pc.groups = groups;
    pc.store = store;
    pc.store_writer = writer;
    pc.directory = directory;
    pc.downstream = result_sinks;
    return pc;
  };
  auto restore_pair = [window_config_of, partition_config_of,
                       summaries](int32_t p) -> caf::expected<restored_pair> {
    auto windows = restore_window(window_config_of(p), summaries);
    if (!windows)
      return windows.error();
    auto core = restore_partition(partition_config_of(p), inventory_logic{});
    if (!core)
      return core.error();
    return restored_pair{std::move(*windows), std::move(*core)};
  };
  // The first start restores every partition at once (each reads its own
  // key groups); restarts restore the one that crashed.
  auto first_restores = restore_in_parallel(partitions, restore_pair);
  if (auto ok = job.store->start_compactions(); !ok)
    return ok.error();
  auto spawn_partition = [&sys, late = job.late, is_transaction_result,
                          window_config_of, partition_config_of, restore_pair,
                          first_restores](int32_t p) {
    auto restored = take_first_restore(*first_restores, p);
    if (!restored)
      restored = restore_pair(p);
    if (!*restored)
      return caf::expected<started_t>{restored->error()};
    auto& [windows, core] = **restored;
    auto win = sys.spawn(window<summary_logic>, window_config_of(p),
                         std::move(windows));
    auto pc = partition_config_of(p);
    pc.downstream.push_back(
        {caf::actor_cast<consumer_actor<inventory_output>>(win),
         is_transaction_result});
    pc.linked.push_back(caf::actor_cast<caf::actor>(win));
    {
      std::lock_guard guard{late->mtx};
      late->windows[p] = win;
    }
    auto handle = sys.spawn(partition<inventory_logic>, std::move(pc), core);
    return caf::expected<started_t>{started_t{handle, std::move(core)}};
  };
  restart_policy policy;
  policy.kind = cfg.get_string("restart.strategy") == "exponential-backoff"
                    ? restart_policy::strategy::exponential_backoff
                    : restart_policy::strategy::fixed_delay;
  policy.max_attempts = static_cast<uint32_t>(cfg.get_int("restart.attempts"));
  policy.delay = std::chrono::milliseconds{cfg.get_int("restart.delay.ms")};
  policy.max_delay =
      std::chrono::milliseconds{cfg.get_int("restart.backoff.max.ms")};
  policy.reset_after =
      std::chrono::milliseconds{cfg.get_int("restart.backoff.reset.ms")};
  job.supervisor = sys.spawn(
      supervisor<partition_t, partition_state<inventory_logic>>,
      std::function<caf::expected<started_t>(int32_t)>{spawn_partition},
      job.directory, listeners, policy);
  job.keep(job.supervisor);
  if (auto ok = job.await_partitions(); !ok)
    return ok.error();
  coordinator_options cp_opts;
  cp_opts.interval =
      std::chrono::milliseconds{cfg.get_int("checkpoint.interval.ms")};
  cp_opts.timeout = job.checkpoint_timeout;
  cp_opts.savepoint_dir = cfg.get_string("savepoint.dir");
  cp_opts.on_complete = [late = job.late](const checkpoint_status&) {
    late->checkpoint_completed();
  };
  checkpoint_participants participants;
  for (auto& [name, handle] : job.ingresses)
    participants.ingresses.push_back(
        caf::actor_cast<persisted_listener_actor>(handle));
  participants.sinks = job.commit_listeners;
  auto coordinator =
      sys.spawn(checkpoint_coordinator<directory_t>, cp_opts, job.directory,
                participants, job.store, job.history, job.restored_checkpoint);
  job.keep(coordinator);
  {
    std::lock_guard guard{job.late->mtx};
    job.late->coordinator = coordinator;
  }

  // Sources.
  if (cfg.get_bool("generator.enabled")) {
    generator_options gen_opts;
    gen_opts.from = generator_source;
    // The checkpoint covers every record up to its position; without one,
    // the lowest position any partition persisted.
    auto covered =
        job.restored_checkpoint
            ? resume_after(*job.restored_checkpoint, generator_source)
            : std::nullopt;
    gen_opts.first_offset =
        covered.value_or(resume_offset(*positions, generator_source));
    gen_opts.rate = static_cast<uint64_t>(cfg.get_int("generator.rate"));
    gen_opts.max_batch = in_opts.max_batch;
    transaction_generator make{
        static_cast<uint64_t>(cfg.get_int("generator.seed")),
        cfg.get_int("num.items")};
    // With generate.queries, every tenth record is a query, as the seed's
    // generator job mixes them in.
    auto with_queries = cfg.get_bool("generate.queries");
    auto make_record = [make, with_queries](offset_t i, int64_t now_ms) {
      if (with_queries && i % 10 == 9)
        return inventory_input{make.make_query(i)};
      return inventory_input{make(i, now_ms)};
    };
    auto gen = sys.spawn(
        generator<inventory_input, inventory_output>,
        job.ingresses.at("generator"),
        std::function<inventory_input(offset_t, int64_t)>{make_record},
        gen_opts);
    job.keep(gen);
    job.generator = gen;
    job.report_ingress_as_source("generator");
  }
  if (cfg.get_bool("socket.enabled")) {
    socket_lines::options sock_opts;
    sock_opts.host = cfg.get_string("socket.host");
    sock_opts.port = static_cast<uint16_t>(cfg.get_int("socket.port"));
    job.socket =
        std::make_unique<line_source<inventory_input, inventory_output>>(
            sys, sock_opts, socket_source, job.ingresses.at("socket"),
            dead_letters, parse_socket_line);
    job.source_reports.push_back([src = job.socket.get()] {
      return source_status{"socket",
                           src->connected() ? "connected" : "reconnecting",
                           src->records(),
                           src->malformed(),
                           {},
                           {}};
    });
  }
  if (auto err = job.start_kafka_source(cfg, dead_letters))
    return err;
  if (auto err = job.start_mqtt_source(cfg, dead_letters))
    return err;
  job.report_ingress_as_source("http");
  job.describe_graph(result_sink_count);
  return std::unique_ptr<inventory_job>{new inventory_job(std::move(ptr))};
}

inventory_job::inventory_job(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {
  impl_->rates = std::make_unique<rate_sampler>(
      [this] { return actor_totals(counters_status()); });
}

inventory_job::~inventory_job() {
  stop();
}

void inventory_job::stop() {
  // The sampler reads the sources, which shutdown stops.
  impl_->rates.reset();
  impl_->shutdown();
}

void inventory_job::send(std::vector<item_transaction> txs) {
  batch<inventory_input> in{manual_transactions, {}, false};
  for (auto& tx : txs)
    in.records.push_back({-1, std::move(tx)});
  impl_->push("manual", std::move(in));
}

void inventory_job::send(std::vector<query> queries) {
  batch<inventory_input> in{manual_queries, {}, false};
  for (auto& q : queries)
    in.records.push_back({-1, std::move(q)});
  impl_->push("manual", std::move(in));
}

void inventory_job::crash_partition(int32_t p) {
  if (auto handle = impl_->directory->running(p))
    caf::anon_send(*handle, crash_atom::value);
}

checkpoint_status inventory_job::checkpoint_now() {
  return impl_->late->checkpoint_now(impl_->sys, impl_->checkpoint_timeout);
}

caf::expected<position_map> inventory_job::applied_positions(int32_t p) const {
  auto handle = impl_->directory->running(p);
  if (!handle)
    return make_error(ec::unavailable,
                      "partition " + std::to_string(p) + " is not running");
  caf::expected<position_map> result{position_map{}};
  caf::scoped_actor self{impl_->sys};
  self->request(*handle, impl_->request_timeout, positions_atom::value)
      .receive([&](position_map& positions) { result = std::move(positions); },
               [&](caf::error& err) {
                 result = unavailable_or_timeout(err, "partition " +
                                                          std::to_string(p));
               });
  return result;
}

int32_t inventory_job::partition_of(std::string_view item_id) const {
  return static_cast<int32_t>(impl_->groups.partition_of(item_id));
}

job_status inventory_job::status() const {
  auto result = counters_status();
  // Null only while stopping, after the HTTP front stopped asking.
  if (impl_->rates)
    add_rates(result, impl_->rates->rates());
  return result;
}

job_status inventory_job::counters_status() const {
  auto& job = *impl_;
  auto result = job.directory->status();
  result.delivery = job.delivery;
  result.graph = job.graph;
  result.checkpoints = job.history->recent();
  for (auto& part : result.partitions) {
    part.load = job.partition_loads[part.id]->report();
    if (part.state == "failed")
      result.failure += (result.failure.empty() ? "" : "; ") +
                        std::string{"partition "} + std::to_string(part.id) +
                        ": " + part.last_restart_reason;
    auto& counts = *job.window_counts[part.id];
    window_status win{part.id, part.state, counts.late_records.load(),
                      std::nullopt, job.window_loads[part.id]->report()};
    if (auto mark = counts.watermark_ms.load();
        mark != std::numeric_limits<int64_t>::min())
      win.watermark_ms = mark;
    result.windows.push_back(std::move(win));
  }
  for (auto& report : job.source_reports) {
    result.sources.push_back(report());
    auto& source = result.sources.back();
    source.load = job.ingress_loads.at(source.name)->report();
  }
  for (auto& [name, counters, load] : job.sink_reports)
    result.sinks.push_back({name, counters->failing ? "retrying" : "ok",
                            counters->written.load(), counters->failures.load(),
                            counters->last_error(), load->report()});
  return result;
}

caf::expected<item_info> inventory_job::stock(std::string_view item_id) {
  auto p = partition_of(item_id);
  auto state = impl_->directory->serving(p);
  if (!state) {
    auto what = impl_->directory->recovering(p)
                    ? " is replaying what it had not persisted"
                    : " is restarting";
    return make_error(ec::unavailable, "partition " + std::to_string(p) + what);
  }
  auto quantity = state->read_concurrently(item_id, impl_->request_timeout);
  if (!quantity)
    return quantity.error();
  if (!*quantity)
    return make_error(ec::unknown_key,
                      "item '" + std::string{item_id} + "' was never seen");
  return item_info{std::string{item_id}, **quantity};
}

void inventory_job::submit(item_transaction tx,
                           callback<transaction_result> done) {
  auto http = impl_->ingresses.find("http");
  if (http == impl_->ingresses.end()) {
    done(make_error(ec::unavailable, "the inventory job has stopped"));
    return;
  }
  batch<inventory_input> in{http_source, {{-1, std::move(tx)}}, true};
  impl_->sys.spawn(apply_transaction, http->second, impl_->request_timeout,
                   std::move(in), std::move(done));
}

const std::string& inventory_job::name() const {
  static const std::string job_name = "inventory";
  return job_name;
}

job_graph inventory_job::graph() const {
  return impl_->graph;
}

void inventory_job::checkpoint(callback<checkpoint_status> done) {
  done(checkpoint_now());
}

caf::expected<nlohmann::json> inventory_job::state_of(std::string_view key) {
  auto item = stock(key);
  if (!item)
    return item.error();
  return nlohmann::json{{"key", item->item_id}, {"value", item->quantity}};
}

void inventory_job::savepoint(callback<std::string> done) {
  coordinator_actor coordinator;
  {
    std::lock_guard guard{impl_->late->mtx};
    coordinator = impl_->late->coordinator;
  }
  if (!coordinator) {
    done(make_error(ec::unavailable, "the inventory job has stopped"));
    return;
  }
  impl_->sys.spawn(take_savepoint, coordinator, impl_->checkpoint_timeout,
                   std::move(done));
}

void inventory_job::inject_fault(fault_request fault,
                                 callback<std::string> done) {
  auto target = std::to_string(fault.target);
  auto out_of_range = [&](const char* what, size_t count) {
    done(make_error(ec::unknown_key, std::string{"there is no "} + what + " " +
                                         target + "; the job has " +
                                         std::to_string(count)));
  };
  auto partitions = impl_->directory->size();
  switch (fault.what) {
  case fault_request::kind::crash_partition: {
    if (fault.target < 0 || static_cast<size_t>(fault.target) >= partitions)
      return out_of_range("partition", partitions);
    auto handle = impl_->directory->running(fault.target);
    if (!handle) {
      done(make_error(ec::unavailable,
                      "partition " + target + " is not running"));
      return;
    }
    caf::anon_send(*handle, crash_atom::value);
    done("partition " + target + " crashed");
    return;
  }
  case fault_request::kind::crash_window: {
    if (fault.target < 0 || static_cast<size_t>(fault.target) >= partitions)
      return out_of_range("window", partitions);
    std::lock_guard guard{impl_->late->mtx};
    caf::anon_send(impl_->late->windows[fault.target], crash_atom::value);
    done("window " + target + " crashed");
    return;
  }
  case fault_request::kind::stall_sink: {
    auto& sinks = impl_->sink_actors;
    if (fault.target < 0 || static_cast<size_t>(fault.target) >= sinks.size())
      return out_of_range("sink", sinks.size());
    caf::anon_send(sinks[fault.target], stall_atom::value,
                   static_cast<int64_t>(fault.duration.count()));
    done("sink " + impl_->sink_reports[fault.target].name + " stalled for " +
         std::to_string(fault.duration.count()) + " ms");
    return;
  }
  }
}

} // namespace eddy
