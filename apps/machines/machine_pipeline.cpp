// Describes the machine data job on the job layer.
#include "apps/machines/machine_pipeline.hpp"

#include "apps/machines/machine_state.hpp"
#include "apps/machines/power_join.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"
#include "runtime/pipeline.hpp"

namespace eddy::machines {

namespace {

// A state read from its JSON, emitted; a malformed one is the error.
const one_record read_into{&read_state};

source_plan<machine_state> kafka_source(const options& opts) {
  return kafka_input<machine_state>(
      {opts.kafka.input_topic},
      [](const kafka_message_view& msg, emitter<machine_state>& out) {
        return read_into(msg.payload, out);
      });
}

source_plan<machine_state> mqtt_source(const options& opts) {
  return mqtt_input<machine_state>(
      opts.mqtt.client_id, opts.mqtt.topic,
      [](std::string_view, std::string_view payload,
         emitter<machine_state>& out) { return read_into(payload, out); });
}

source_plan<machine_state> generator_source(const options& opts) {
  auto& gen = opts.generator;
  machine_generator make{gen.states};
  return generator_input<machine_state>(
      gen.rate,
      [make](offset_t i, int64_t now_ms, emitter<machine_state>& out) {
        thread_local std::string json;
        json.clear();
        make.state_json(static_cast<uint64_t>(i), now_ms, json);
        if (auto err = read_into(json, out))
          log::error("machines", "source/generator",
                     "a generated state is malformed: " + describe(err));
      },
      gen.parallelism);
}

auto routed(enum route to) {
  return [to](const reading& r) { return r.route == to; };
}

} // namespace

std::vector<source_plan<machine_state>> sources_of(const options& opts) {
  std::vector<source_plan<machine_state>> result;
  if (opts.mqtt.enabled)
    result.push_back(mqtt_source(opts));
  if (opts.kafka.enabled)
    result.push_back(kafka_source(opts));
  if (opts.generator.enabled)
    result.push_back(generator_source(opts));
  return result;
}

caf::expected<job_plan> plan(const options& opts,
                             std::vector<source_plan<machine_state>> sources) {
  pipeline p{"machines"};
  auto input = p.merged(std::move(sources));
  if (!input)
    return make_error(ec::invalid_config,
                      "job machines has no input: set machines.input.topic, "
                      "machines.source.mqtt.enabled or "
                      "machines.generator.enabled");
  auto joined =
      input
          ->event_time([](const machine_state& s) { return s.time_ms; },
                       opts.event_time.out_of_orderness,
                       opts.event_time.idle_timeout)
          .key_by([](const machine_state& s) -> std::string_view {
            return s.thing;
          })
          .process("join", power_join{opts.join});
  joined.filter("joined", routed(route::power)).sink(powers_output);
  joined.filter("late", routed(route::late)).sink(late_output);
  joined.filter("no speed", routed(route::unmatched)).sink(unmatched_output);
  // Last: the split quantities, most of the records, are moved, not copied.
  joined.filter("split", routed(route::data)).sink(data_output);
  return std::move(p).build();
}

} // namespace eddy::machines
