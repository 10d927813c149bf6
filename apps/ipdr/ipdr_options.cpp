// Reads the IPDR rollup's settings.
#include "apps/ipdr/ipdr_options.hpp"

#include <filesystem>

#include "config/auto_switch.hpp"

namespace eddy::ipdr {

namespace {

// clang-format off
constexpr key_spec table[] = {
  choice_key("ipdr.source.kafka.enabled", "auto", "auto|true|false",
    "read IPDRs from Kafka; auto: when kafka.bootstrap.servers is set"),
  string_key("ipdr.input.topic", "ipdr_input",
    "Kafka topic of IPDRs, one JSON object per record as the seed's sample"),
  choice_key("ipdr.generator.enabled", "auto", "auto|true|false",
    "make IPDRs with the built-in generator (the seed's IPDRDataProducer); auto: when Kafka is not read"),
  integer_key("ipdr.generator.rate", "1000", 0, 100000000,
    "IPDRs per second the generator makes; 0 = as fast as possible"),
  integer_key("ipdr.generator.macs", "50000", 1, 1000000000,
    "distinct modems (MACADDR<n>) the generator draws from, as the seed's load test"),
  integer_key("ipdr.generator.seed", "42", 0, 9223372036854775807,
    "random seed of the generator, for reproducible runs"),
  string_key("ipdr.filter.scn", "data",
    "the service (dsScn) whose usage is rolled up; other records are dropped"),
  string_key("ipdr.timezone", "UTC",
    "the time zone fromTime is read in (an IANA name such as America/New_York): its hour of day is hourUsage"),
  duration_key("ipdr.window.size", "1h", 1, 30LL * 86400000,
    "length of the tumbling usage windows (the seed's window.size, in hours there)"),
  choice_key("ipdr.window.time", "processing", "processing|event",
    "the clock that assigns IPDRs to windows: the wall clock (as the seed) or fromTime"),
  duration_key("ipdr.window.out_of_orderness", "15min", 0, 86400000,
    "event time: how far behind the newest fromTime an IPDR may be before it is late"),
  boolean_key("ipdr.sink.stdout", "false",
    "write usage records to stdout (the seed's optional print)"),
  boolean_key("ipdr.sink.files", "true",
    "write usage records as JSON lines to part files, finished once a checkpoint covers them"),
  string_key("ipdr.file.dir", "ipdr-usage",
    "directory of the usage part files; a relative one is under output.dir"),
  integer_key("ipdr.file.part.bytes", "134217728", 1, 1LL << 40,
    "size at which a part file is rolled (finished at the next checkpoint)"),
  duration_key("ipdr.file.rollover.interval", "1min", 1, 86400000,
    "age at which a part file is rolled (finished at the next checkpoint)"),
  choice_key("ipdr.sink.kafka", "auto", "auto|true|false",
    "write usage records to ipdr.output.topic, keyed by MAC (transactional with sink.kafka.exactly_once); auto: when kafka.bootstrap.servers is set"),
  string_key("ipdr.output.topic", "ipdr_output",
    "Kafka topic of usage records, the seed's JSON"),
  choice_key("ipdr.late.sink", "file", "none|stdout|file",
    "where IPDRs too late for their event-time window go (file: <output.dir>/ipdr-late-records.jsonl)"),
};
// clang-format on

} // namespace

key_table keys() {
  return {"ipdr", table};
}

options read_options(const settings& cfg) {
  options opts;
  auto has_broker = cfg.has_kafka_property("bootstrap.servers");
  opts.kafka.enabled =
      is_switched_on(cfg, "ipdr.source.kafka.enabled", has_broker);
  if (opts.kafka.enabled)
    opts.kafka.input_topic = cfg.get_string("ipdr.input.topic");
  auto& gen = opts.generator;
  gen.enabled =
      is_switched_on(cfg, "ipdr.generator.enabled", !opts.kafka.enabled);
  if (gen.enabled) {
    gen.rate = static_cast<uint64_t>(cfg.get_int("ipdr.generator.rate"));
    gen.macs = cfg.get_int("ipdr.generator.macs");
    gen.seed = static_cast<uint64_t>(cfg.get_int("ipdr.generator.seed"));
  }
  opts.scn = cfg.get_string("ipdr.filter.scn");
  opts.time_zone = cfg.get_string("ipdr.timezone");
  opts.window.size = cfg.get_duration("ipdr.window.size");
  opts.window.is_event_time = cfg.get_string("ipdr.window.time") == "event";
  if (opts.window.is_event_time)
    opts.window.out_of_orderness =
        cfg.get_duration("ipdr.window.out_of_orderness");
  auto& out = opts.output;
  out.to_stdout = cfg.get_bool("ipdr.sink.stdout");
  out.to_files = cfg.get_bool("ipdr.sink.files");
  if (out.to_files) {
    // An absolute ipdr.file.dir replaces output.dir.
    out.file_dir = (std::filesystem::path{cfg.get_string("output.dir")} /
                    cfg.get_string("ipdr.file.dir"))
                       .string();
    out.part_bytes = cfg.get_int("ipdr.file.part.bytes");
    out.rollover = cfg.get_duration("ipdr.file.rollover.interval");
  }
  out.to_kafka = is_switched_on(cfg, "ipdr.sink.kafka", has_broker);
  if (out.to_kafka)
    out.output_topic = cfg.get_string("ipdr.output.topic");
  if (opts.window.is_event_time) {
    auto& late = cfg.get_string("ipdr.late.sink");
    out.late = late == "none"     ? late_sink::none
               : late == "stdout" ? late_sink::standard_output
                                  : late_sink::file;
  }
  return opts;
}

} // namespace eddy::ipdr
