// Starts the machine data job: options, pipeline, writers.
#include "apps/machines/machine_job.hpp"

#include "apps/machines/machine_board.hpp"
#include "apps/machines/machine_options.hpp"
#include "apps/machines/machine_pipeline.hpp"
#include "connectors/databases/line_protocol_writer.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy::machines {

namespace {

using board_ptr = std::shared_ptr<machine_board>;
using state_ptr = std::shared_ptr<database_sink_state>;

/// The InfluxDB sinks' states, for their figures (null: no such sink).
struct database_states {
  state_ptr data;
  state_ptr powers;
};

void format_line(std::string_view measurement, const reading& r,
                 std::string& line) {
  line_builder{line, measurement}
      .tag("thing", r.thing)
      .tag("quantity", r.quantity)
      .float_field("result", r.result)
      .time(r.time_ms);
}

void format_message(const reading& r, std::string& key, std::string& payload) {
  format_key(r, key);
  format_json(r, payload);
}

caf::error add_influxdb_writer(const options::influxdb_settings& db,
                               state_ptr state, named_writers<reading>& out) {
  line_protocol_writer_options<reading> opts;
  opts.url = db.url;
  opts.database = db.database;
  opts.create_database = true;
  opts.precision = timestamp_precision::ms;
  opts.batch = db.batch;
  opts.state = std::move(state);
  opts.format = [measurement = db.measurement](const reading& r,
                                               std::string& line) {
    format_line(measurement, r, line);
  };
  return add_made(out, line_protocol_writer<reading>::make(std::move(opts)));
}

template <class T>
void add_board(named_writers<T>& out, const board_ptr& board) {
  out.emplace_back("dashboard",
                   std::make_unique<board_writer<T, machine_board>>(board));
}

/// The writers of the data or the powers output: the panel, InfluxDB
/// (`state` non-null), Kafka `topic` (non-empty) and stdout.
caf::expected<named_writers<reading>>
readings_writers(const options& opts, output_factory& make,
                 const board_ptr& board, state_ptr state,
                 const std::string& topic, bool to_stdout) {
  named_writers<reading> out;
  add_board(out, board);
  if (state)
    if (auto err = add_influxdb_writer(opts.influxdb, std::move(state), out))
      return err;
  if (!topic.empty())
    if (auto err = make.to_kafka<reading>(out, topic, format_message))
      return err;
  if (to_stdout)
    make.to_stdout<reading>(out, format_json);
  return out;
}

caf::error add_writers(const options& opts, const settings& cfg,
                       const board_ptr& board, const database_states& databases,
                       output_writers& writers) {
  output_factory make{cfg, "machines"};
  auto& o = opts.output;
  auto data = readings_writers(opts, make, board, databases.data,
                               o.to_kafka ? o.data_topic : "", false);
  if (!data)
    return data.error();
  writers.add_all(data_output, std::move(*data));
  auto powers = readings_writers(opts, make, board, databases.powers,
                                 o.to_kafka ? o.power_topic : "", o.to_stdout);
  if (!powers)
    return powers.error();
  writers.add_all(powers_output, std::move(*powers));
  named_writers<reading> late;
  add_board(late, board);
  if (o.late_to_file)
    if (auto err = make.to_file<reading>(
            late, make.output_dir() + "/machines-late.jsonl", format_json))
      return err;
  writers.add_all(late_output, std::move(late));
  named_writers<reading> unmatched;
  add_board(unmatched, board);
  writers.add_all(unmatched_output, std::move(unmatched));
  auto letters = make.dead_letters("machines-dead-letters.txt",
                                   opts.kafka.enabled || o.to_kafka);
  if (!letters)
    return letters.error();
  add_board(*letters, board);
  writers.add_all(dead_letters_output, std::move(*letters));
  return {};
}

state_ptr state_if(bool is_on) {
  return is_on ? std::make_shared<database_sink_state>() : nullptr;
}

} // namespace

caf::expected<std::unique_ptr<pipeline_job>> start(caf::actor_system& sys,
                                                   const settings& cfg) {
  auto opts = read_options(cfg);
  auto made = plan(opts, sources_of(opts));
  if (!made)
    return made.error();
  auto engine =
      read_engine_options(cfg, "machines",
                          {.kafka = opts.kafka.enabled || opts.output.to_kafka,
                           .mqtt = opts.mqtt.enabled});
  auto board = std::make_shared<machine_board>();
  auto& db = opts.influxdb;
  database_states databases{state_if(db.enabled && db.has_data),
                            state_if(db.enabled && db.has_powers)};
  output_writers writers;
  if (auto err = add_writers(opts, cfg, board, databases, writers))
    return err;
  auto job = std::move(*made).start(sys, std::move(engine), std::move(writers));
  if (job)
    (*job)->set_figures([board, databases, db] {
      auto figures = board->figures();
      if (databases.data)
        figures.push_back(database_figure(
            "influxdb_data", "InfluxDB " + db.database + " (quantities)",
            *databases.data));
      if (databases.powers)
        figures.push_back(database_figure(
            "influxdb_powers", "InfluxDB " + db.database + " (powers)",
            *databases.powers));
      return figures;
    });
  return job;
}

} // namespace eddy::machines
