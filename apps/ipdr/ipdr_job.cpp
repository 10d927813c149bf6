// Starts the IPDR rollup: options, pipeline, writers.
#include "apps/ipdr/ipdr_job.hpp"

#include "apps/ipdr/ipdr_options.hpp"
#include "apps/ipdr/ipdr_pipeline.hpp"
#include "apps/ipdr/usage_board.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy::ipdr {

namespace {

void usage_line(const usage& x, std::string& line) {
  format_json(x, line);
}

void late_line(const record& x, std::string& line) {
  format_json(x, line);
}

caf::error add_usage_writers(const options& opts, output_factory& make,
                             std::shared_ptr<usage_board> board,
                             output_writers& writers) {
  named_writers<usage> out;
  out.emplace_back("dashboard",
                   std::make_unique<usage_board_writer>(std::move(board)));
  auto& o = opts.output;
  if (o.to_stdout)
    make.to_stdout<usage>(out, usage_line);
  if (o.to_files) {
    part_files_options parts;
    parts.directory = o.file_dir;
    parts.part_size = static_cast<uint64_t>(o.part_bytes);
    parts.rollover_interval = o.rollover;
    if (auto err = make.to_part_files<usage>(out, std::move(parts), usage_line))
      return err;
  }
  if (o.to_kafka)
    if (auto err = make.to_kafka<usage>(
            out, o.output_topic,
            [](const usage& x, std::string& key, std::string& payload) {
              key = x.mac;
              format_json(x, payload);
            }))
      return err;
  writers.add_all(usage_output, std::move(out));
  return {};
}

caf::error add_late_writers(const options& opts, output_factory& make,
                            output_writers& writers) {
  named_writers<record> out;
  if (opts.output.late == late_sink::standard_output)
    make.to_stdout<record>(out, late_line);
  else if (opts.output.late == late_sink::file)
    if (auto err = make.to_file<record>(
            out, make.output_dir() + "/ipdr-late-records.jsonl", late_line))
      return err;
  writers.add_all(late_output, std::move(out));
  return {};
}

} // namespace

caf::expected<std::unique_ptr<pipeline_job>> start(caf::actor_system& sys,
                                                   const settings& cfg) {
  auto opts = read_options(cfg);
  auto zone = local_time_zone::load(opts.time_zone);
  if (!zone)
    return zone.error();
  auto made = plan(opts, sources_of(opts, parser{*zone}));
  if (!made)
    return made.error();
  auto uses_kafka = opts.kafka.enabled || opts.output.to_kafka;
  auto engine = read_engine_options(cfg, "ipdr", {.kafka = uses_kafka});
  output_factory make{cfg, "ipdr"};
  output_writers writers;
  auto board = std::make_shared<usage_board>();
  if (auto err = add_usage_writers(opts, make, board, writers))
    return err;
  if (opts.window.is_event_time)
    if (auto err = add_late_writers(opts, make, writers))
      return err;
  auto letters = make.dead_letters("ipdr-dead-letters.txt", uses_kafka);
  if (!letters)
    return letters.error();
  writers.add_all(dead_letters_output, std::move(*letters));
  auto job = std::move(*made).start(sys, std::move(engine), std::move(writers));
  if (job)
    (*job)->set_figures([board] { return board->figures(); });
  return job;
}

} // namespace eddy::ipdr
