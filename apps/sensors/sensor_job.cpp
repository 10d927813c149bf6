// Starts the IoT sensor rollup: options, pipeline, writers.
#include "apps/sensors/sensor_job.hpp"

#include "apps/sensors/sensor_board.hpp"
#include "apps/sensors/sensor_options.hpp"
#include "apps/sensors/sensor_pipeline.hpp"
#include "apps/sensors/sensor_table.hpp"
#include "connectors/databases/clickhouse_writer.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy::sensors {

namespace {

void alert_line(const alert& x, std::string& line) {
  format_json(x, line);
}

void reading_line(const reading& x, std::string& line) {
  format_json(x, line);
}

caf::error add_clickhouse_writer(const options::clickhouse_settings& ch,
                                 std::shared_ptr<database_sink_state> state,
                                 named_writers<rollup>& out) {
  clickhouse_writer_options<rollup> opts;
  opts.state = std::move(state);
  opts.client.url = ch.url;
  opts.client.user = ch.user;
  opts.client.password = ch.password;
  opts.table = ch.table;
  opts.create_table = create_statements(ch.table);
  opts.batch = ch.batch;
  opts.format = format_row;
  return add_made(out, clickhouse_writer<rollup>::make(std::move(opts)));
}

caf::error add_rollup_writers(const options& opts, output_factory& make,
                              std::shared_ptr<database_sink_state> inserts,
                              output_writers& writers) {
  named_writers<rollup> out;
  if (opts.output.rollups_to_stdout)
    make.to_stdout<rollup>(out, format_row);
  if (opts.clickhouse.enabled)
    if (auto err =
            add_clickhouse_writer(opts.clickhouse, std::move(inserts), out))
      return err;
  writers.add_all(rollup_output, std::move(out));
  return {};
}

caf::error add_alert_writers(const options& opts, output_factory& make,
                             std::shared_ptr<alert_board> board,
                             output_writers& writers) {
  named_writers<alert> out;
  out.emplace_back("dashboard",
                   std::make_unique<alert_board_writer>(std::move(board)));
  auto& o = opts.output;
  if (o.alerts_to_stdout)
    make.to_stdout<alert>(out, alert_line);
  if (o.alerts_to_file)
    if (auto err = make.to_file<alert>(
            out, make.output_dir() + "/sensors-alerts.jsonl", alert_line))
      return err;
  if (o.alerts_to_kafka)
    if (auto err = make.to_kafka<alert>(
            out, o.alerts_topic,
            [](const alert& x, std::string& key, std::string& payload) {
              key = x.device_id;
              alert_line(x, payload);
            }))
      return err;
  writers.add_all(alert_output, std::move(out));
  return {};
}

caf::error add_late_writer(output_factory& make, output_writers& writers) {
  named_writers<reading> out;
  if (auto err = make.to_file<reading>(
          out, make.output_dir() + "/sensors-late-readings.jsonl",
          reading_line))
    return err;
  writers.add_all(late_output, std::move(out));
  return {};
}

caf::error add_writers(const options& opts, const settings& cfg,
                       std::shared_ptr<alert_board> board,
                       std::shared_ptr<database_sink_state> inserts,
                       output_writers& writers) {
  output_factory make{cfg, "sensors"};
  if (auto err = add_rollup_writers(opts, make, std::move(inserts), writers))
    return err;
  if (auto err = add_alert_writers(opts, make, std::move(board), writers))
    return err;
  if (opts.window.is_event_time)
    if (auto err = add_late_writer(make, writers))
      return err;
  auto letters = make.dead_letters("sensors-dead-letters.txt",
                                   opts.sources.kafka.enabled ||
                                       opts.output.alerts_to_kafka);
  if (!letters)
    return letters.error();
  writers.add_all(dead_letters_output, std::move(*letters));
  return {};
}

} // namespace

caf::expected<std::unique_ptr<pipeline_job>> start(caf::actor_system& sys,
                                                   const settings& cfg) {
  auto opts = read_options(cfg);
  auto decode = decoder_of(opts.format);
  if (!decode)
    return decode.error();
  auto made = plan(opts, sources_of(opts, *decode));
  if (!made)
    return made.error();
  auto uses_kafka = opts.sources.kafka.enabled || opts.output.alerts_to_kafka;
  auto engine = read_engine_options(
      cfg, "sensors", {.kafka = uses_kafka, .mqtt = opts.sources.mqtt.enabled});
  auto board = std::make_shared<alert_board>();
  auto inserts = opts.clickhouse.enabled
                     ? std::make_shared<database_sink_state>()
                     : nullptr;
  output_writers writers;
  if (auto err = add_writers(opts, cfg, board, inserts, writers))
    return err;
  auto job = std::move(*made).start(sys, std::move(engine), std::move(writers));
  if (job)
    (*job)->set_figures([board, inserts] {
      auto figures = board->figures();
      if (inserts)
        figures.push_back(database_figure("clickhouse_inserts",
                                          "ClickHouse inserts", *inserts));
      return figures;
    });
  return job;
}

} // namespace eddy::sensors
