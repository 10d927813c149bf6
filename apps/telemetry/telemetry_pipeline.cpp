// Describes the telemetry job on the job layer.
#include "apps/telemetry/telemetry_pipeline.hpp"

#include <memory>

#include "actors/wall_clock.hpp"
#include "apps/telemetry/telemetry_dedup.hpp"
#include "apps/telemetry/telemetry_generator.hpp"
#include "apps/telemetry/telemetry_json.hpp"
#include "runtime/pipeline.hpp"

namespace eddy::telemetry {

namespace {

using shared_rules = std::shared_ptr<const validation_rules>;

source_plan<event> kafka_source(const options& opts, shared_rules rules) {
  return kafka_input<event>({opts.sources.kafka.input_topic},
                            one_record{[rules](const kafka_message_view& msg) {
                              return read_event(msg.payload, *rules,
                                                wall_clock_ms());
                            }});
}

source_plan<event> mqtt_source(const options& opts, shared_rules rules) {
  return mqtt_input<event>(
      opts.sources.mqtt.client_id, opts.sources.mqtt.topic,
      one_record{[rules](std::string_view, std::string_view payload) {
        return read_event(payload, *rules, wall_clock_ms());
      }});
}

source_plan<event> generator_source(const options& opts, shared_rules rules) {
  auto& gen = opts.sources.generator;
  telemetry_generator make{opts.generated_events};
  return generator_input<event>(
      gen.rate,
      [make, rules](offset_t i, int64_t now_ms, emitter<event>& out) {
        thread_local std::string json;
        json.clear();
        make.json(static_cast<uint64_t>(i), now_ms, json);
        if (auto e = read_event(json, *rules, now_ms))
          out.emit(std::move(*e));
      },
      gen.parallelism);
}

bool is_duplicate(const event& e) {
  return e.checked == quality::duplicate;
}

} // namespace

caf::expected<event> read_event(std::string_view json,
                                const validation_rules& rules,
                                int64_t wall_ms) {
  auto e = parse_json(json);
  if (!e)
    return e;
  if (auto err = validate(*e, rules, wall_ms))
    return err;
  return e;
}

std::vector<source_plan<event>> sources_of(const options& opts) {
  auto rules = std::make_shared<const validation_rules>(opts.rules);
  std::vector<source_plan<event>> result;
  if (opts.sources.kafka.enabled)
    result.push_back(kafka_source(opts, rules));
  if (opts.sources.mqtt.enabled)
    result.push_back(mqtt_source(opts, rules));
  if (opts.sources.generator.enabled)
    result.push_back(generator_source(opts, rules));
  return result;
}

caf::expected<job_plan> plan(const options& opts,
                             std::vector<source_plan<event>> sources) {
  pipeline p{"telemetry"};
  auto input = p.merged(std::move(sources));
  if (!input)
    return make_error(ec::invalid_config, "job telemetry has no input: turn on "
                                          "telemetry.source.kafka.enabled, "
                                          "telemetry.source.mqtt.enabled or "
                                          "telemetry.generator.enabled");
  auto checked =
      input
          ->event_time([](const event& e) { return e.timestamp_ms; },
                       opts.event_time.out_of_orderness,
                       opts.event_time.idle_timeout)
          .key_by([](const event& e) -> std::string_view { return e.key; })
          .process("dedup", dedup_process{opts.dedup});
  checked.filter("first seen", [](const event& e) { return !is_duplicate(e); })
      .sink(validated_output);
  checked.filter("duplicates", is_duplicate).sink(duplicates_output);
  return std::move(p).build();
}

} // namespace eddy::telemetry
