// Starts the telemetry job: options, pipeline, writers.
#include "apps/telemetry/telemetry_job.hpp"

#include "apps/telemetry/telemetry_board.hpp"
#include "apps/telemetry/telemetry_options.hpp"
#include "apps/telemetry/telemetry_pipeline.hpp"
#include "apps/telemetry/telemetry_rows.hpp"
#include "connectors/databases/line_protocol_writer.hpp"
#include "connectors/databases/postgres_writer.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy::telemetry {

namespace {

using board_ptr = std::shared_ptr<telemetry_board>;

/// The database sinks' states, for their figures (null: no such sink).
struct database_states {
  std::shared_ptr<database_sink_state> postgres;
  std::shared_ptr<database_sink_state> questdb;
};

std::shared_ptr<database_sink_state>
state_if(const options::database_settings& db) {
  return db.enabled ? std::make_shared<database_sink_state>() : nullptr;
}

caf::error add_postgres_writer(const options::database_settings& db,
                               std::shared_ptr<database_sink_state> state,
                               named_writers<event>& out) {
  postgres_writer_options<event> opts;
  opts.client.url = db.url;
  opts.table = db.table;
  opts.columns = postgres_columns();
  opts.create_table = postgres_statements(db.table);
  opts.conflict_target = "event_id";
  opts.batch = db.batch;
  opts.state = std::move(state);
  opts.format = format_row;
  return add_made(out, postgres_writer<event>::make(std::move(opts)));
}

caf::error add_questdb_writer(const options::questdb_settings& db,
                              std::shared_ptr<database_sink_state> state,
                              named_writers<event>& out) {
  line_protocol_writer_options<event> opts;
  opts.url = db.url;
  opts.database = db.database;
  opts.create_database = db.database != "none";
  opts.precision = timestamp_precision::ms;
  opts.batch = db.batch;
  opts.state = std::move(state);
  opts.format = [measurement = db.table](const event& e, std::string& line) {
    format_line(measurement, e, line);
  };
  return add_made(out, line_protocol_writer<event>::make(std::move(opts)));
}

template <class T>
void add_board(named_writers<T>& out, const board_ptr& board) {
  out.emplace_back("dashboard",
                   std::make_unique<board_writer<T, telemetry_board>>(board));
}

caf::error add_validated_writers(const options& opts, output_factory& make,
                                 const board_ptr& board,
                                 const database_states& databases,
                                 output_writers& writers) {
  named_writers<event> out;
  add_board(out, board);
  if (databases.postgres)
    if (auto err = add_postgres_writer(opts.postgres, databases.postgres, out))
      return err;
  if (databases.questdb)
    if (auto err = add_questdb_writer(opts.questdb, databases.questdb, out))
      return err;
  auto& o = opts.output;
  if (o.to_stdout)
    make.to_stdout<event>(out, format_json);
  if (o.to_kafka)
    if (auto err = make.to_kafka<event>(
            out, o.topic,
            [](const event& e, std::string& key, std::string& payload) {
              key = e.key;
              format_json(e, payload);
            }))
      return err;
  writers.add_all(validated_output, std::move(out));
  return {};
}

caf::error add_writers(const options& opts, const settings& cfg,
                       const board_ptr& board, const database_states& databases,
                       output_writers& writers) {
  output_factory make{cfg, "telemetry"};
  if (auto err = add_validated_writers(opts, make, board, databases, writers))
    return err;
  named_writers<event> duplicates;
  add_board(duplicates, board);
  writers.add_all(duplicates_output, std::move(duplicates));
  auto letters =
      make.dead_letters("telemetry-dead-letters.txt",
                        opts.sources.kafka.enabled || opts.output.to_kafka);
  if (!letters)
    return letters.error();
  add_board(*letters, board);
  writers.add_all(dead_letters_output, std::move(*letters));
  return {};
}

} // namespace

caf::expected<std::unique_ptr<pipeline_job>> start(caf::actor_system& sys,
                                                   const settings& cfg) {
  auto opts = read_options(cfg);
  if (!opts)
    return opts.error();
  auto made = plan(*opts, sources_of(*opts));
  if (!made)
    return made.error();
  auto engine = read_engine_options(
      cfg, "telemetry",
      {.kafka = opts->sources.kafka.enabled || opts->output.to_kafka,
       .mqtt = opts->sources.mqtt.enabled});
  auto board = std::make_shared<telemetry_board>();
  database_states databases{state_if(opts->postgres), state_if(opts->questdb)};
  output_writers writers;
  if (auto err = add_writers(*opts, cfg, board, databases, writers))
    return err;
  auto job = std::move(*made).start(sys, std::move(engine), std::move(writers));
  if (job)
    (*job)->set_figures([board, databases, opts = *opts] {
      auto figures = board->figures();
      if (databases.postgres)
        figures.push_back(database_figure("postgres_inserts",
                                          "PostgreSQL " + opts.postgres.table,
                                          *databases.postgres));
      if (databases.questdb)
        figures.push_back(database_figure("questdb_writes",
                                          "QuestDB " + opts.questdb.table,
                                          *databases.questdb));
      return figures;
    });
  return job;
}

} // namespace eddy::telemetry
