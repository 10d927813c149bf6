// Describes the IoT sensor rollup on the job layer.
#include "apps/sensors/sensor_pipeline.hpp"

#include "apps/sensors/sensor_avro.hpp"
#include "apps/sensors/sensor_generator.hpp"
#include "apps/sensors/sensor_json.hpp"
#include "runtime/aggregates.hpp"
#include "runtime/pipeline.hpp"

namespace eddy::sensors {

namespace {

source_plan<reading> kafka_source(const options& opts, const decoder& decode) {
  return kafka_input<reading>(
      {opts.sources.kafka.input_topic},
      one_record{[decode](const kafka_message_view& msg) {
        return decode(msg.payload);
      }});
}

source_plan<reading> mqtt_source(const options& opts, const decoder& decode) {
  return mqtt_input<reading>(
      opts.sources.mqtt.client_id, opts.sources.mqtt.topic,
      one_record{[decode](std::string_view, std::string_view payload) {
        return decode(payload);
      }});
}

source_plan<reading> generator_source(const options& opts,
                                      const decoder& decode) {
  auto& gen = opts.sources.generator;
  sensor_generator make{{opts.generated.seed, opts.generated.sensors, 0}};
  auto avro = opts.format == input_format::avro;
  return generator_input<reading>(
      gen.rate,
      [make, decode, avro](offset_t i, int64_t now_ms, emitter<reading>& out) {
        thread_local std::string bytes;
        bytes.clear();
        auto index = static_cast<uint64_t>(i);
        if (avro)
          make.avro(index, now_ms, bytes);
        else
          make.json(index, now_ms, bytes);
        if (auto rec = decode(bytes))
          out.emit(std::move(*rec));
      },
      gen.parallelism);
}

int32_t motion_of(const reading& r) {
  return r.motion_detected == 1 ? 1 : 0;
}

/// Everything a window keeps of a device's readings.
auto window_aggregate() {
  return aggregate_of<reading>(
      agg::count("readings"), agg::stats("temperature", &reading::temperature),
      agg::stats("humidity", &reading::humidity),
      agg::stats("pressure", &reading::pressure),
      agg::stats("co2_level", &reading::co2_level),
      agg::stats("noise_level", &reading::noise_level),
      agg::stats("light_level", &reading::light_level),
      agg::stats("battery_level", &reading::battery_level),
      agg::stats("signal_strength", &reading::signal_strength),
      agg::sum("motion", motion_of), agg::sum("status", &reading::status),
      agg::sum("error_count", &reading::error_count),
      agg::sum("packets_sent", &reading::packets_sent),
      agg::sum("packets_received", &reading::packets_received),
      agg::sum("bytes_sent", &reading::bytes_sent),
      agg::sum("bytes_received", &reading::bytes_received),
      agg::first("device_type", &reading::device_type),
      agg::first("customer_id", &reading::customer_id),
      agg::first("site_id", &reading::site_id));
}

/// The rollup of a closed window, as the seed's SensorAggregator.getResult:
/// motion when more than half of the readings (by integer halves) saw it,
/// status the integer mean.
auto finish_with(thresholds limits) {
  return [limits](std::string_view device, window_bounds w, int64_t n,
                  const agg::statistics& temperature,
                  const agg::statistics& humidity,
                  const agg::statistics& pressure, const agg::statistics& co2,
                  const agg::statistics& noise, const agg::statistics& light,
                  const agg::statistics& battery, const agg::statistics& signal,
                  int64_t motion, int64_t status_sum, int64_t errors,
                  int64_t packets_sent, int64_t packets_received,
                  int64_t bytes_sent, int64_t bytes_received, std::string type,
                  std::string customer, std::string site) {
    rollup x{std::string{device},
             std::move(type),
             std::move(customer),
             std::move(site),
             w.start,
             w.end,
             n,
             temperature,
             humidity,
             pressure,
             co2,
             noise,
             light,
             battery,
             signal,
             motion > n / 2 ? 1 : 0,
             static_cast<int32_t>(n == 0 ? 0 : status_sum / n),
             errors,
             packets_sent,
             packets_received,
             bytes_sent,
             bytes_received,
             false};
    x.has_alert = limits.crossed_by(x);
    return x;
  };
}

} // namespace

caf::expected<decoder> decoder_of(input_format format) {
  if (format == input_format::json)
    return decoder{parse_json};
  auto avro = avro_decoder::make();
  if (!avro)
    return avro.error();
  return decoder{std::move(*avro)};
}

std::vector<source_plan<reading>> sources_of(const options& opts,
                                             const decoder& decode) {
  std::vector<source_plan<reading>> result;
  if (opts.sources.kafka.enabled)
    result.push_back(kafka_source(opts, decode));
  if (opts.sources.mqtt.enabled)
    result.push_back(mqtt_source(opts, decode));
  if (opts.sources.generator.enabled)
    result.push_back(generator_source(opts, decode));
  return result;
}

caf::expected<job_plan> plan(const options& opts,
                             std::vector<source_plan<reading>> sources) {
  pipeline p{"sensors"};
  auto input = p.merged(std::move(sources));
  if (!input)
    return make_error(ec::invalid_config, "job sensors has no input: turn on "
                                          "sensors.source.kafka.enabled, "
                                          "sensors.source.mqtt.enabled or "
                                          "sensors.generator.enabled");
  auto time = window_options::time_mode::processing;
  if (opts.window.is_event_time) {
    input = input->event_time([](const reading& r) { return r.timestamp_ms; },
                              opts.window.out_of_orderness,
                              opts.window.idle_timeout);
    time = window_options::time_mode::event;
  }
  auto windows = input
                     ->key_by([](const reading& r) -> std::string_view {
                       return r.device_id;
                     })
                     .window("rollup", tumbling(opts.window.size).in(time));
  if (opts.window.is_event_time)
    windows = windows.late_records(late_output);
  auto rollups =
      windows.aggregate(window_aggregate(), finish_with(opts.alert_limits));
  rollups.sink(rollup_output);
  rollups
      .flat_map<alert>(
          "thresholds crossed",
          [limits = opts.alert_limits](const rollup& x, emitter<alert>& out) {
            if (auto a = alert_of(x, limits))
              out.emit(std::move(*a));
          })
      .sink(alert_output);
  return std::move(p).build();
}

} // namespace eddy::sensors
