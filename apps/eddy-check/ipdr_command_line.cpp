// Parses `eddy-check ipdr`'s flags into ipdr_check_options.
#include "apps/eddy-check/ipdr_command_line.hpp"

#include "apps/eddy-check/command_line.hpp"

namespace eddy::check {

const std::string_view ipdr_usage =
    R"(usage: eddy-check ipdr --input SRC --output SRC [options]
Recomputes a run of the IPDR rollup (seed 000) from its input and proves
that the usage it wrote per (mac, hour) is exact.
  --input SRC          the IPDR records, one JSON object per line: a file,
                       or kafka:TOPIC
  --output SRC         what the job wrote, {"hourUsage","cmtshost","scn",
                       "mac","usage"} per line: a file, a directory of
                       finished part files (every file in it whose name does
                       not start with '.'), or kafka:TOPIC
  --scn CLASS          the dsScn the job keeps (data)
  --time-zone ZONE     the zone the job reads fromTime in, an IANA name such
                       as America/New_York (UTC); a time the zone skips when
                       its clocks go forward counts toward the hour after,
                       as Java reads it
  --bootstrap H:P      the Kafka brokers, for kafka:TOPIC sources (which are
                       read whole, to the end offsets at start)
  --isolation LEVEL    read_committed (default) or read_uncommitted, for
                       kafka:TOPIC sources
  --exactly-once       taken for scripts that pass it to every check; this
                       check is always exactly-once: a key's output usages
                       must sum to its input's dsOctets, so a duplicated
                       output record (a window written twice) makes a sum
                       too large and shows as a different usage
  --help               print this and exit
Input records the job dead-letters (not JSON; cmMacAddr, dsScn or fromTime
missing or not a string; dsOctets missing or not an integer; fromTime not
yyyy-MM-dd HH:mm:ss) are skipped and counted. A key may have records in
several windows: its usages are summed. Prints one line, `exact: N keys, M
records, total usage U, S skipped` (exit 0), or `differs: ` and the missing,
extra and different keys, wrong fields and malformed output records with up
to 10 examples each (exit 1); exits 2 when an input cannot be read or the
time zone is unknown.
)";

caf::expected<ipdr_check_options>
parse_ipdr_command_line(const std::vector<std::string_view>& args) {
  ipdr_check_options opts;
  // Always exactly-once (see the usage): the flag changes nothing.
  bool is_exactly_once = true;
  if (auto err = read_flags(args, {{{"--input", &opts.input},
                                    {"--output", &opts.output},
                                    {"--bootstrap", &opts.bootstrap},
                                    {"--scn", &opts.scn},
                                    {"--time-zone", &opts.time_zone}},
                                   &is_exactly_once,
                                   &opts.is_read_committed,
                                   &opts.wants_help}))
    return err;
  if (opts.wants_help)
    return opts;
  if (auto err =
          check_sources({{"--input", &opts.input}, {"--output", &opts.output}},
                        opts.bootstrap))
    return err;
  return opts;
}

} // namespace eddy::check
