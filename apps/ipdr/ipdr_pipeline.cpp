// Describes the IPDR rollup on the job layer.
#include "apps/ipdr/ipdr_pipeline.hpp"

#include <charconv>

#include "apps/ipdr/ipdr_generator.hpp"
#include "runtime/aggregates.hpp"
#include "runtime/pipeline.hpp"

namespace eddy::ipdr {

namespace {

source_plan<record> kafka_source(const options& opts, const parser& parse) {
  return kafka_input<record>({opts.kafka.input_topic},
                             one_record{[parse](const kafka_message_view& msg) {
                               return parse(msg.payload);
                             }});
}

// The generator writes IPDRs as JSON, as the seed's producer does, and the
// job reads them as it reads Kafka's: the same path, the same costs.
source_plan<record> generator_source(const options& opts, const parser& parse) {
  auto& gen = opts.generator;
  ipdr_generator make{{gen.seed, gen.macs, 0}};
  return generator_input<record>(
      gen.rate,
      [make, parse](offset_t i, int64_t now_ms, emitter<record>& out) {
        thread_local std::string json;
        json.clear();
        make(static_cast<uint64_t>(i), now_ms, json);
        if (auto rec = parse(json))
          out.emit(std::move(*rec));
      });
}

/// The seed's HourlyUsage of a closed window of key `mac|hour`.
usage usage_of(std::string_view key, window_bounds w, int64_t octets,
               std::string host, std::string scn) {
  auto bar = key.rfind('|');
  int32_t hour = 0;
  std::from_chars(key.data() + bar + 1, key.data() + key.size(), hour);
  return usage{
      hour,   std::move(host), std::move(scn), std::string{key.substr(0, bar)},
      octets, w.start,         w.end};
}

} // namespace

std::vector<source_plan<record>> sources_of(const options& opts,
                                            const parser& parse) {
  std::vector<source_plan<record>> result;
  if (opts.kafka.enabled)
    result.push_back(kafka_source(opts, parse));
  if (opts.generator.enabled)
    result.push_back(generator_source(opts, parse));
  return result;
}

caf::expected<job_plan> plan(const options& opts,
                             std::vector<source_plan<record>> sources) {
  pipeline p{"ipdr"};
  auto input = p.merged(std::move(sources));
  if (!input)
    return make_error(
        ec::invalid_config,
        "job ipdr has no input: turn on ipdr.source.kafka.enabled "
        "or ipdr.generator.enabled");
  auto kept =
      input->filter("dsScn = " + opts.scn,
                    [scn = opts.scn](const record& r) { return r.scn == scn; });
  auto time = window_options::time_mode::processing;
  if (opts.window.is_event_time) {
    kept = kept.event_time([](const record& r) { return r.from_ms; },
                           opts.window.out_of_orderness);
    time = window_options::time_mode::event;
  }
  auto windows =
      kept.key_by([](const record& r) -> std::string_view { return r.key; })
          .window("usage", tumbling(opts.window.size).in(time));
  if (opts.window.is_event_time)
    windows = windows.late_records(late_output);
  windows
      .aggregate(
          aggregate_of<record>(agg::sum("usage", &record::octets),
                               agg::first("cmtshost", &record::cmts_host),
                               agg::first("scn", &record::scn)),
          usage_of)
      .sink(usage_output);
  return std::move(p).build();
}

} // namespace eddy::ipdr
