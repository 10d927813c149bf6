// Starts the telemetry job: options, pipeline, writers.
#include "apps/telemetry/telemetry_job.hpp"

#include "apps/telemetry/telemetry_board.hpp"
#include "apps/telemetry/telemetry_options.hpp"
#include "apps/telemetry/telemetry_pipeline.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy::telemetry {

namespace {

using board_ptr = std::shared_ptr<telemetry_board>;

template <class T>
void add_board(named_writers<T>& out, const board_ptr& board) {
  out.emplace_back("dashboard",
                   std::make_unique<board_writer<T, telemetry_board>>(board));
}

caf::error add_validated_writers(const options& opts, output_factory& make,
                                 const board_ptr& board,
                                 output_writers& writers) {
  named_writers<event> out;
  add_board(out, board);
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
                       const board_ptr& board, output_writers& writers) {
  output_factory make{cfg, "telemetry"};
  if (auto err = add_validated_writers(opts, make, board, writers))
    return err;
  named_writers<event> duplicates;
  add_board(duplicates, board);
  writers.add_all(duplicates_output, std::move(duplicates));
  auto letters = make.dead_letters("telemetry-dead-letters.txt",
                                   opts.kafka.enabled || opts.output.to_kafka);
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
      {.kafka = opts->kafka.enabled || opts->output.to_kafka,
       .mqtt = opts->mqtt.enabled});
  auto board = std::make_shared<telemetry_board>();
  output_writers writers;
  if (auto err = add_writers(*opts, cfg, board, writers))
    return err;
  auto job = std::move(*made).start(sys, std::move(engine), std::move(writers));
  if (job)
    (*job)->set_figures([board] { return board->figures(); });
  return job;
}

} // namespace eddy::telemetry
