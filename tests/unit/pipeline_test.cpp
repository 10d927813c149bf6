// The pipeline builder checks a description before anything runs: build()
// refuses what cannot work, naming it, and describes the graph.
#include "runtime/pipeline.hpp"

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "runtime/aggregates.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

struct event {
  std::string key;
  int64_t ts = 0;
};

std::string_view key_of(const event& e) {
  return e.key;
}

struct pass {
  using value = int64_t;
  using output = event;
  void process(const event& e, auto& ctx) const { ctx.emit(e); }
};

std::string build_error(pipeline&& p) {
  auto plan = std::move(p).build();
  REQUIRE_FALSE(plan);
  CHECK(plan.error() == ec::invalid_config);
  return describe(plan.error());
}

auto counts() {
  return aggregate_of<event>(agg::count("n"));
}

auto finish() {
  return [](std::string_view key, window_bounds, int64_t n) {
    return event{std::string{key}, n};
  };
}

} // namespace

TEST_CASE("a pipeline without a keyed stage is refused") {
  pipeline p{"idle"};
  p.source(manual_input<event>({"in"}));
  CHECK(build_error(std::move(p)).find("no keyed stage") != std::string::npos);
}

TEST_CASE("two operators with one id are refused, naming the id") {
  pipeline p{"twice"};
  p.source(manual_input<event>({"in"}))
      .key_by(key_of)
      .process("same", pass{})
      .key_by(key_of)
      .window("same", tumbling(1s))
      .aggregate(counts(), finish())
      .sink("out");
  CHECK(build_error(std::move(p)).find("'same'") != std::string::npos);
}

TEST_CASE("an event-time window without event time is refused") {
  pipeline p{"timeless"};
  p.source(manual_input<event>({"in"}))
      .key_by(key_of)
      .window("w", tumbling(1s).in_event_time())
      .aggregate(counts(), finish())
      .sink("out");
  CHECK(build_error(std::move(p)).find("event time") != std::string::npos);
}

TEST_CASE("a stateless step after a source fed by hand is refused") {
  pipeline p{"port"};
  p.source(request_input<event>("http"))
      .filter("none", [](const event&) { return false; })
      .key_by(key_of)
      .process("p", pass{})
      .sink("out");
  CHECK(build_error(std::move(p)).find("'http'") != std::string::npos);
}

TEST_CASE("a second keyed stage is refused") {
  pipeline p{"two"};
  auto in = p.source(manual_input<event>({"in"}));
  in.key_by(key_of).process("a", pass{}).sink("out");
  in.key_by(key_of).process("b", pass{}).sink("out");
  CHECK(build_error(std::move(p)).find("one keyed stage") != std::string::npos);
}

TEST_CASE("an output written records of two types is refused") {
  pipeline p{"mixed"};
  auto out =
      p.source(manual_input<event>({"in"})).key_by(key_of).process("p", pass{});
  out.sink("out");
  out.map("key", [](const event& e) { return e.key; }).sink("out");
  CHECK(build_error(std::move(p)).find("two types") != std::string::npos);
}

TEST_CASE("the graph joins sources by key to the keyed operator, chains the "
          "steps into the sources and merges into the outputs") {
  pipeline p{"graph"};
  p.source(
       generator_input<event>(10,
                              [](offset_t i, int64_t, emitter<event>& out) {
                                out.emit(event{"k" + std::to_string(i % 3), 0});
                              }))
      .filter("not k0", [](const event& e) { return e.key != "k0"; })
      .key_by(key_of)
      .process("counts", pass{})
      .sink("out");
  auto plan = std::move(p).build();
  REQUIRE_MESSAGE(plan, describe(plan.error()));
  auto& graph = plan->graph();
  REQUIRE(graph.nodes.size() == 3);
  CHECK(graph.nodes[0].id == "source/generator");
  CHECK(graph.nodes[0].steps == std::vector<std::string>{"not k0"});
  CHECK(graph.nodes[1].id == "counts");
  CHECK(graph.nodes[1].kind == "partition");
  CHECK(graph.nodes[2].id == "sink/out");
  REQUIRE(graph.edges.size() == 2);
  CHECK(graph.edges[0].from == "source/generator");
  CHECK(graph.edges[0].to == "counts");
  CHECK(graph.edges[0].shipping == "by key");
  CHECK(graph.edges[1].shipping == "merge");
}
