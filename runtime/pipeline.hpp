// The typed pipeline builder: a job says what it computes as sources →
// stateless steps → key_by → a keyed process function or windows with
// aggregates → named outputs, and build() checks the description and makes
// a job_plan that starts the actors and reports the graph.
//
//   pipeline p{"ipdr"};
//   p.source(kafka_input<ipdr_record>({"ipdr_input"}, parse_ipdr))
//       .filter("data only", [](const ipdr_record& r) { return r.scn == "data";
//       }) .key_by([](const ipdr_record& r) -> std::string_view { return r.key;
//       }) .window("usage", tumbling(1h))
//       .aggregate(aggregate_of<ipdr_record>(agg::sum("usage",
//       &ipdr_record::octets)),
//                  [](std::string_view key, window_bounds w, int64_t usage) {
//                    return usage_record{std::string{key}, w.start, usage};
//                  })
//       .sink("usage");
//   auto plan = std::move(p).build();  // caf::expected<job_plan>
//
// Types flow through: each step returns a stream of what it makes, so a
// mismatched record type does not compile; key_by returns a keyed stream,
// on which alone process and window exist, and aggregate exists only on a
// window. A job has one keyed stage (key_by → process and/or window).
#pragma once

#include <chrono>
#include <concepts>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <variant>
#include <vector>

#include "caf/expected.hpp"

#include "messages/error.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/pipeline_job.hpp"
#include "runtime/source_plan.hpp"
#include "runtime/window_logic.hpp"
#include "runtime/window_stage.hpp"

namespace eddy {

/// Where links of records `U` can be added: a keyed stage's partitions, a
/// window's results or late records, or a step after one of them.
template <class U>
class link_target {
public:
  virtual ~link_target() = default;
  virtual void add_link(link_maker<U> make) = 0;
};

namespace detail {

/// What the builder's streams share: the graph so far, the stage, the
/// outputs and the first error found.
struct pipeline_state {
  std::string job;
  job_graph graph;
  std::string error;
  /// Starts the one keyed stage (set when it is made) with the outputs'
  /// spawners.
  std::function<caf::expected<std::shared_ptr<stage_runtime>>(
      caf::actor_system&, engine_options, output_writers&,
      const std::vector<std::pair<std::string, output_spawner>>&, job_graph)>
      start;
  /// What spawns each named output's sinks, in the order declared.
  std::vector<std::pair<std::string, output_spawner>> spawners;
  std::set<std::string> node_ids;
  std::map<std::string, std::type_index> outputs;

  void fail(std::string why) {
    if (error.empty())
      error = std::move(why);
  }

  /// Adds a node; a second node of the same id is an error.
  void add_node(const std::string& id, const std::string& kind,
                std::vector<std::string> steps = {}) {
    if (id.empty() || !node_ids.insert(id).second) {
      fail("the operator id '" + id + "' is " +
           (id.empty() ? "empty" : "used twice") +
           "; ids name state and must be unique");
      return;
    }
    graph.nodes.push_back({id, kind, 1, std::move(steps)});
  }

  void add_edge(const std::string& from, const std::string& to,
                const std::string& shipping) {
    graph.edges.push_back({from, to, shipping});
  }

  graph_node* node(const std::string& id) {
    for (auto& n : graph.nodes)
      if (n.id == id)
        return &n;
    return nullptr;
  }
};

/// Links of records `U` that pass through `step(U&, bool may_take,
/// emitter<V>&)` first: how filter, map and flat_map follow a keyed
/// operator. `may_take` says the step may move from the record: this link
/// is the last to see it.
template <class U, class V, class Step>
class stepped_target final : public link_target<V> {
public:
  stepped_target(std::shared_ptr<link_target<U>> parent, Step step)
      : parent_(std::move(parent)), step_(std::move(step)) {}

  void add_link(link_maker<V> make) override {
    parent_->add_link([make = std::move(make),
                       step = step_](const stage_wiring& wiring, int32_t p) {
      std::vector<output_link<U>> result;
      for (auto& link : make(wiring, p)) {
        output_link<U> before;
        before.consumer = link.consumer;
        // Sized as the last batch made, not grown from empty each time:
        // a step after an operator that emits several records per input
        // moved each of them again with every doubling.
        before.share = [share = std::move(link.share), step,
                        expected =
                            size_t{0}](std::vector<U>& records, bool may_take,
                                       const batch_stamp& stamp) mutable {
          std::vector<V> made;
          made.reserve(expected);
          vector_emitter<V> out{made};
          for (auto& rec : records)
            step(rec, may_take, out);
          expected = made.size();
          return share(made, true, stamp);
        };
        result.push_back(std::move(before));
      }
      return result;
    });
  }

private:
  std::shared_ptr<link_target<U>> parent_;
  Step step_;
};

template <class F, class T>
concept key_function = requires(const F& f, const T& x) {
  { std::invoke(f, x) } -> std::convertible_to<std::string_view>;
};

} // namespace detail

template <class T>
class operator_stream;
template <class T, class K>
class keyed_stream;
template <class T, class K>
class keyed_operator_stream;

/// Records before the key: what sources make, through stateless steps that
/// run on each source's own thread.
template <class T>
class stream {
public:
  stream(std::shared_ptr<detail::pipeline_state> state,
         std::vector<source_plan<T>> sources,
         std::vector<std::string> source_nodes)
      : state_(std::move(state)), sources_(std::move(sources)),
        source_nodes_(std::move(source_nodes)) {}

  /// Keeps the records for which `pred(const T&)` is true.
  template <class Pred>
  stream<T> filter(std::string name, Pred pred) const {
    static_assert(std::is_invocable_r_v<bool, const Pred&, const T&>,
                  "filter takes a predicate bool(const T&)");
    return flat_map<T>(std::move(name),
                       [pred = std::move(pred)](T&& x, emitter<T>& out) {
                         if (pred(x))
                           out.emit(std::move(x));
                       });
  }

  /// Makes a U of each record with `f(T&&)` (or `f(const T&)`).
  template <class F>
  auto map(std::string name, F f) const {
    static_assert(std::is_invocable_v<const F&, T&&>,
                  "map takes a function U(T&&) or U(const T&)");
    using U = std::remove_cvref_t<std::invoke_result_t<const F&, T&&>>;
    return flat_map<U>(std::move(name),
                       [f = std::move(f)](T&& x, emitter<U>& out) {
                         out.emit(f(std::move(x)));
                       });
  }

  /// Makes any number of U of each record: `f(T&&, emitter<U>&)`.
  template <class U, class F>
  stream<U> flat_map(std::string name, F f) const {
    static_assert(std::is_invocable_v<const F&, T&&, emitter<U>&>,
                  "flat_map takes a function void(T&&, emitter<U>&)");
    for (auto& id : source_nodes_)
      if (auto* node = state_->node(id))
        node->steps.push_back(name);
    std::vector<source_plan<U>> chained;
    for (auto& src : sources_)
      chained.push_back(chain<U>(src, f));
    stream<U> result{state_, std::move(chained), source_nodes_};
    return result;
  }

  /// These records and `other`'s, as one stream.
  stream<T> merge(const stream<T>& other) const {
    auto result = *this;
    for (auto& src : other.sources_)
      result.sources_.push_back(src);
    for (auto& id : other.source_nodes_)
      result.source_nodes_.push_back(id);
    return result;
  }

  /// Event time as Flink's WatermarkStrategy: `timestamp(const T&)` gives a
  /// record's time in ms (no_watermark for a record without one); per input
  /// partition the watermark trails the newest by `out_of_orderness`, the
  /// job's is the lowest, and an input quiet for `idle_timeout` (zero:
  /// never) holds no one back.
  template <class F>
  stream<T> event_time(F timestamp, std::chrono::milliseconds out_of_orderness,
                       std::chrono::milliseconds idle_timeout = {}) const {
    static_assert(std::is_invocable_r_v<int64_t, const F&, const T&>,
                  "event_time takes a function int64_t(const T&)");
    auto result = *this;
    result.event_time_ = {std::move(timestamp), out_of_orderness, idle_timeout};
    return result;
  }

  /// Partitions the records by `key(const T&)`, a string_view into the
  /// record (store a composite key in the record).
  template <class K>
  keyed_stream<T, K> key_by(K key) const {
    static_assert(detail::key_function<K, T>,
                  "key_by takes a function std::string_view(const T&) that "
                  "returns a view into the record");
    return keyed_stream<T, K>{*this, std::move(key)};
  }

  const std::vector<source_plan<T>>& sources() const { return sources_; }

private:
  template <class>
  friend class stream;
  template <class, class>
  friend class keyed_stream;

  // The same records as alternative I of `V` (for connect), with no step
  // of their own in the graph.
  template <class V, size_t I>
  stream<V> as_alternative() const {
    std::vector<source_plan<V>> chained;
    for (auto& src : sources_) {
      chained.push_back(chain<V>(src, [](T&& x, emitter<V>& out) {
        out.emit(V{std::in_place_index<I>, std::move(x)});
      }));
      // A port is fed the stage's records, the variant, as they are.
      chained.back().has_chained_port = src.has_chained_port;
    }
    return stream<V>{state_, std::move(chained), source_nodes_};
  }

  std::shared_ptr<detail::pipeline_state> state_;
  std::vector<source_plan<T>> sources_;
  std::vector<std::string> source_nodes_;
  event_time_policy<T> event_time_;
};

/// Windows over records `T` not yet aggregated: say what they aggregate.
template <class T, class K>
class window_stream {
public:
  window_stream(std::shared_ptr<detail::pipeline_state> state,
                std::shared_ptr<link_target<T>> feed, std::string id,
                window_spec spec, K key, std::function<int64_t(const T&)> time,
                std::function<void(std::shared_ptr<window_stage_base>)> install)
      : state_(std::move(state)), feed_(std::move(feed)), id_(std::move(id)),
        spec_(spec), key_(std::move(key)), time_(std::move(time)),
        install_(std::move(install)) {}

  /// Sends records that come later than the allowed lateness to `output`
  /// instead of dropping them (they are counted either way).
  window_stream late_records(std::string output) const {
    auto result = *this;
    result.late_outputs_.push_back(std::move(output));
    return result;
  }

  /// Aggregates each window with `aggregate` (an aggregate_of of records T)
  /// and finishes each closed one with `finish(std::string_view key,
  /// window_bounds, results...)`, which returns the result or a
  /// std::optional of it (nothing: no output, e.g. an alert condition).
  template <class Aggregate, class Finish>
  auto aggregate(Aggregate aggregate, Finish finish) const {
    auto time = time_ ? time_ : [](const T&) { return int64_t{0}; };
    using logic_t =
        aggregate_window_logic<T, K, std::function<int64_t(const T&)>,
                               Aggregate, Finish>;
    using result_t = typename logic_t::result;
    auto stage = std::make_shared<window_stage<logic_t>>(
        id_,
        logic_t{key_, std::move(time), std::move(aggregate), std::move(finish)},
        spec_.options());
    if (spec_.time == window_options::time_mode::event && !time_)
      state_->fail("window '" + id_ +
                   "' runs in event time, but no event time is set: call "
                   "event_time(...) on the stream before key_by");
    state_->add_node(id_, "window");
    auto follows = spec_.time == window_options::time_mode::event;
    feed_->add_link([follows](const stage_wiring& wiring, int32_t p) {
      std::vector<output_link<T>> links;
      links.push_back(make_link<T>(
          caf::actor_cast<consumer_actor<T>>(wiring.window(p)), follows));
      return links;
    });
    auto results = std::make_shared<result_target<logic_t>>(stage);
    for (auto& output : late_outputs_) {
      auto late = std::make_shared<late_target<logic_t>>(stage);
      operator_stream<T>{state_, late, id_, false}.sink(output);
    }
    install_(stage);
    return operator_stream<result_t>{state_, std::move(results), id_, true};
  }

private:
  template <class Logic>
  struct result_target final : link_target<typename Logic::result> {
    explicit result_target(std::shared_ptr<window_stage<Logic>> stage)
        : stage(std::move(stage)) {}
    void add_link(link_maker<typename Logic::result> make) override {
      stage->add_result_link(std::move(make));
    }
    std::shared_ptr<window_stage<Logic>> stage;
  };

  template <class Logic>
  struct late_target final : link_target<typename Logic::input> {
    explicit late_target(std::shared_ptr<window_stage<Logic>> stage)
        : stage(std::move(stage)) {}
    void add_link(link_maker<typename Logic::input> make) override {
      stage->add_late_link(std::move(make));
    }
    std::shared_ptr<window_stage<Logic>> stage;
  };

  std::shared_ptr<detail::pipeline_state> state_;
  std::shared_ptr<link_target<T>> feed_;
  std::string id_;
  window_spec spec_;
  K key_;
  std::function<int64_t(const T&)> time_;
  std::function<void(std::shared_ptr<window_stage_base>)> install_;
  std::vector<std::string> late_outputs_;
};

/// Records leaving a keyed operator (a process function's outputs, a
/// window's results): steps after it run in its partitions; outputs are
/// named.
template <class T>
class operator_stream {
public:
  operator_stream(std::shared_ptr<detail::pipeline_state> state,
                  std::shared_ptr<link_target<T>> target, std::string from,
                  bool feeds_window_results,
                  std::function<void(std::shared_ptr<window_stage_base>)>
                      install_window = {})
      : state_(std::move(state)), target_(std::move(target)),
        from_(std::move(from)), feeds_window_results_(feeds_window_results),
        install_window_(std::move(install_window)) {}

  template <class Pred>
  operator_stream<T> filter(std::string name, Pred pred) const {
    static_assert(std::is_invocable_r_v<bool, const Pred&, const T&>,
                  "filter takes a predicate bool(const T&)");
    // The last link to see a record may have it: one copy less.
    return stepped<T>(
        std::move(name),
        [pred = std::move(pred)](T& x, bool may_take, emitter<T>& out) {
          if (!pred(std::as_const(x)))
            return;
          if (may_take)
            out.emit(std::move(x));
          else
            out.emit(x);
        });
  }

  template <class F>
  auto map(std::string name, F f) const {
    static_assert(std::is_invocable_v<const F&, const T&>,
                  "map takes a function U(const T&)");
    using U = std::remove_cvref_t<std::invoke_result_t<const F&, const T&>>;
    return flat_map<U>(
        std::move(name),
        [f = std::move(f)](const T& x, emitter<U>& out) { out.emit(f(x)); });
  }

  /// Makes any number of U of each record: `f(const T&, emitter<U>&)`.
  template <class U, class F>
  operator_stream<U> flat_map(std::string name, F f) const {
    static_assert(std::is_invocable_v<const F&, const T&, emitter<U>&>,
                  "flat_map takes a function void(const T&, emitter<U>&)");
    return stepped<U>(std::move(name),
                      [f = std::move(f)](T& x, bool, emitter<U>& out) {
                        f(std::as_const(x), out);
                      });
  }

  /// Writes the records to the named output (sinks are bound to it by
  /// name at start-up: stdout, files, Kafka, a test's collector).
  void sink(const std::string& output) const {
    auto [known, added] = state_->outputs.emplace(output, typeid(T));
    if (!added && known->second != typeid(T)) {
      state_->fail("the output '" + output +
                   "' is written records of two types");
      return;
    }
    if (added) {
      state_->add_node("sink/" + output, "sink", steps_);
      declare_output(output);
    }
    state_->add_edge(from_, "sink/" + output, "merge");
    target_->add_link([output](const stage_wiring& wiring, int32_t) {
      std::vector<output_link<T>> links;
      for (auto& sink : wiring.sinks<T>(output))
        links.push_back(make_link<T>(sink));
      return links;
    });
  }

  /// Keys the records again, for windows chained to the operator: `key`
  /// must be the stage's key (records stay in their partition, "one to
  /// one").
  template <class K>
  keyed_operator_stream<T, K> key_by(K key) const {
    static_assert(detail::key_function<K, T>,
                  "key_by takes a function std::string_view(const T&) that "
                  "returns a view into the record");
    return keyed_operator_stream<T, K>{*this, std::move(key)};
  }

private:
  template <class>
  friend class operator_stream;
  template <class, class>
  friend class keyed_operator_stream;
  template <class, class>
  friend class keyed_stream;
  template <class, class>
  friend class window_stream;

  void declare_output(const std::string& output) const;

  // The records through `step(T&, bool may_take, emitter<U>&)`.
  template <class U, class Step>
  operator_stream<U> stepped(std::string name, Step step) const {
    auto result =
        operator_stream<U>{state_,
                           std::make_shared<detail::stepped_target<T, U, Step>>(
                               target_, std::move(step)),
                           from_, feeds_window_results_, install_window_};
    result.steps_ = steps_;
    result.steps_.push_back(std::move(name));
    return result;
  }

  std::shared_ptr<detail::pipeline_state> state_;
  std::shared_ptr<link_target<T>> target_;
  std::string from_;
  bool feeds_window_results_ = false;
  std::function<void(std::shared_ptr<window_stage_base>)> install_window_;
  std::vector<std::string> steps_;
};

/// A keyed operator's records keyed again, for chained windows.
template <class T, class K>
class keyed_operator_stream {
public:
  keyed_operator_stream(operator_stream<T> upstream, K key)
      : upstream_(std::move(upstream)), key_(std::move(key)) {}

  /// The event time of the records, for windows in event time (the
  /// watermark comes from the sources').
  template <class F>
  keyed_operator_stream event_time(F timestamp) const {
    static_assert(std::is_invocable_r_v<int64_t, const F&, const T&>,
                  "event_time takes a function int64_t(const T&)");
    auto result = *this;
    result.time_ = std::move(timestamp);
    return result;
  }

  /// Windows per key, in each partition.
  window_stream<T, K> window(std::string id, window_spec spec) const {
    auto& up = upstream_;
    if (!up.install_window_) {
      up.state_->fail("window '" + id +
                      "' follows no keyed process function's partitions");
    }
    up.state_->add_edge(up.from_, id, "one to one");
    return window_stream<T, K>{up.state_, up.target_, std::move(id),     spec,
                               key_,      time_,      up.install_window_};
  }

private:
  operator_stream<T> upstream_;
  K key_;
  std::function<int64_t(const T&)> time_;
};

/// Records partitioned by key: each key's records reach one partition, in
/// order. A keyed process function or windows follow.
template <class T, class K>
class keyed_stream {
public:
  keyed_stream(stream<T> upstream, K key)
      : upstream_(std::move(upstream)), key_(std::move(key)) {}

  /// Runs `process` per record of each key, with that key's state (see
  /// keyed_process.hpp); `id` names the operator and its state. Its
  /// outputs, Process::output, flow on.
  template <class Process>
  operator_stream<typename Process::output> process(std::string id,
                                                    Process process) const {
    using out_t = typename Process::output;
    using logic_t = process_logic<T, out_t, Process, K>;
    return run_stage<logic_t>(std::move(id), logic_t{std::move(process), key_},
                              "partition");
  }

  /// The records as they are, each in the partition of its key and in key
  /// order, on to the outputs (what a keyed stage without state of its own
  /// runs, e.g. a bridge); `id` names the partitions.
  operator_stream<T> repartition(std::string id) const {
    using logic_t = passthrough_logic<T, K>;
    return run_stage<logic_t>(std::move(id), logic_t{key_}, "partition");
  }

  /// Windows per key right after the key (the partitions pass records on
  /// to them); `id` names them and their state.
  window_stream<T, K> window(std::string id, window_spec spec) const {
    using logic_t = passthrough_logic<T, K>;
    auto passed =
        run_stage<logic_t>(id + ".partitions", logic_t{key_}, "partition");
    auto& state = *upstream_.state_;
    state.add_edge(id + ".partitions", id, "one to one");
    return window_stream<T, K>{upstream_.state_,
                               passed.target_,
                               std::move(id),
                               spec,
                               key_,
                               upstream_.event_time_.timestamp_of,
                               passed.install_window_};
  }

  /// This stream and `other`, keyed the same way, into one two-input
  /// operator (see connected_streams::process).
  template <class U, class K2>
  auto connect(const keyed_stream<U, K2>& other) const;

private:
  template <class Logic>
  operator_stream<typename Logic::output>
  run_stage(std::string id, Logic logic, const std::string& kind) const {
    using out_t = typename Logic::output;
    auto& state = *upstream_.state_;
    if (state.start)
      state.fail("a job has one keyed stage; '" + id + "' would be a second");
    state.add_node(id, kind);
    for (auto& src : upstream_.source_nodes_)
      state.add_edge(src, id, "by key");
    for (auto& src : upstream_.sources_)
      if (src.has_chained_port)
        state.fail("the source '" + src.name +
                   "' is fed by hand (a port): no stateless step may "
                   "follow it");
    auto stage = std::make_shared<keyed_stage<Logic>>(id, std::move(logic));
    for (auto& src : upstream_.sources_)
      stage->add_source(src);
    stage->set_event_time(upstream_.event_time_);
    state.start =
        [stage](
            caf::actor_system& sys, engine_options opts,
            output_writers& writers,
            const std::vector<std::pair<std::string, output_spawner>>& outputs,
            job_graph graph) -> caf::expected<std::shared_ptr<stage_runtime>> {
      for (auto& [name, spawn] : outputs)
        stage->add_output(name, spawn);
      stage->set_graph(std::move(graph));
      if (auto err = stage->start(sys, std::move(opts), writers)) {
        stage->stop();
        return err;
      }
      return std::shared_ptr<stage_runtime>{stage};
    };
    auto target = std::make_shared<partition_target<Logic>>(stage);
    auto install = [stage](std::shared_ptr<window_stage_base> window) {
      stage->set_window(std::move(window));
    };
    return operator_stream<out_t>{upstream_.state_, std::move(target), id,
                                  false, std::move(install)};
  }

  template <class Logic>
  struct partition_target final : link_target<typename Logic::output> {
    explicit partition_target(std::shared_ptr<keyed_stage<Logic>> stage)
        : stage(std::move(stage)) {}
    void add_link(link_maker<typename Logic::output> make) override {
      stage->add_link(std::move(make));
    }
    std::shared_ptr<keyed_stage<Logic>> stage;
  };

  template <class, class>
  friend class keyed_stream;

  stream<T> upstream_;
  K key_;
};

/// The records of two keyed streams, keyed the same way: a two-input
/// operator sees both in one partition per key, with shared state and
/// timers. Its process function takes each in an overload:
/// `process(A&, auto& ctx)` and `process(B&, auto& ctx)`.
template <class A, class B, class KA, class KB>
class connected_streams {
public:
  using input = std::variant<A, B>;

  /// The key of either input.
  struct either_key {
    KA first;
    KB second;
    std::string_view operator()(const input& x) const {
      if (auto* a = std::get_if<0>(&x))
        return std::invoke(first, *a);
      return std::invoke(second, std::get<1>(x));
    }
  };

  connected_streams(stream<input> merged, either_key key)
      : merged_(std::move(merged)), key_(std::move(key)) {}

  /// Runs `process` per record of either input (see keyed_stream::process).
  template <class Process>
  operator_stream<typename Process::output> process(std::string id,
                                                    Process process) const {
    return keyed_stream<input, either_key>{merged_, key_}.process(
        std::move(id), std::move(process));
  }

private:
  stream<input> merged_;
  either_key key_;
};

template <class T, class K>
template <class U, class K2>
auto keyed_stream<T, K>::connect(const keyed_stream<U, K2>& other) const {
  using connected = connected_streams<T, U, K, K2>;
  using input = typename connected::input;
  auto left = upstream_.template as_alternative<input, 0>();
  auto right = other.upstream_.template as_alternative<input, 1>();
  auto merged = left.merge(right);
  // Event time of either input, with the larger bounds of the two.
  auto& lt = upstream_.event_time_;
  auto& rt = other.upstream_.event_time_;
  if (lt.timestamp_of || rt.timestamp_of) {
    merged.event_time_.timestamp_of = [l = lt.timestamp_of,
                                       r = rt.timestamp_of](const input& x) {
      if (auto* a = std::get_if<0>(&x))
        return l ? l(*a) : no_watermark;
      return r ? r(std::get<1>(x)) : no_watermark;
    };
    merged.event_time_.out_of_orderness =
        std::max(lt.out_of_orderness, rt.out_of_orderness);
    merged.event_time_.idle_timeout =
        std::max(lt.idle_timeout, rt.idle_timeout);
  }
  return connected{std::move(merged),
                   typename connected::either_key{key_, other.key_}};
}

/// The builder: sources start streams; build() checks the description.
class pipeline {
public:
  explicit pipeline(std::string job)
      : state_(std::make_shared<detail::pipeline_state>()) {
    state_->job = std::move(job);
  }

  /// A stream of what `src` makes; its graph node is "source/<name>".
  template <class T>
  stream<T> source(source_plan<T> src) {
    auto id = "source/" + src.name;
    // Fed by tests: not part of the job people watch.
    if (src.kind != source_kind::manual)
      state_->add_node(id, "source");
    if (src.parses()) {
      if (state_->outputs.emplace(dead_letters_output, typeid(dead_letter))
              .second)
        state_->add_node("sink/" + dead_letters_output, "sink");
      state_->add_edge(id, "sink/" + dead_letters_output, "merge");
    }
    std::vector<std::string> nodes;
    if (src.kind != source_kind::manual)
      nodes.push_back(id);
    return stream<T>{state_, {std::move(src)}, std::move(nodes)};
  }

  /// One stream of what every one of `srcs` makes (each a source as
  /// above); nothing for no source.
  template <class T>
  std::optional<stream<T>> merged(std::vector<source_plan<T>> srcs) {
    std::optional<stream<T>> result;
    for (auto& src : srcs) {
      auto s = source(std::move(src));
      result = result ? result->merge(s) : s;
    }
    return result;
  }

  /// The checked description: fails with ec::invalid_config naming the
  /// first problem (a duplicate id, no keyed stage, an event-time window
  /// without event time, a step after a port).
  [[nodiscard]] caf::expected<job_plan> build() &&;

private:
  std::shared_ptr<detail::pipeline_state> state_;
};

// -- implementation -----------------------------------------------------------

template <class T>
void operator_stream<T>::declare_output(const std::string& output) const {
  // Window results need a consumer even without writers: the windows must
  // still close (and their results be counted).
  auto needs_one = feeds_window_results_;
  auto spawn = [output, needs_one](job_core& core, output_writers& writers,
                                   stage_wiring& wiring) -> caf::error {
    auto taken = writers.take<T>(output);
    if (!taken)
      return taken.error();
    auto sinks = core.spawn_sinks<T>(output, std::move(*taken), needs_one);
    if (!sinks)
      return sinks.error();
    wiring.add_sinks<T>(output, *sinks);
    return {};
  };
  // The stage spawns the outputs before any partition links to them.
  state_->spawners.emplace_back(output, std::move(spawn));
}

} // namespace eddy
