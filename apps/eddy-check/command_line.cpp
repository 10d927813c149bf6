// Parses eddy-check's flags into check_options.
#include "apps/eddy-check/command_line.hpp"

#include <algorithm>

#include "messages/error.hpp"

namespace eddy::check {

const std::string_view usage =
    R"(usage: eddy-check --input SRC --results SRC [options]
Recomputes a run of the inventory job from its transaction log and proves
that the results (and the final stock) it wrote are exact.
  --input SRC          the transaction log, transactionId<TAB>ts<TAB>itemId
                       <TAB>quantity per line: a file, or kafka:TOPIC
  --results SRC        the transaction results, tab-delimited (with success
                       true|false) or JSON lines: a file, or kafka:TOPIC
  --stock SRC          the final stock: a file of itemId<TAB>quantity lines,
                       or http://HOST:PORT (the job's HTTP API); without it
                       the stock is not checked
  --bootstrap H:P      the Kafka brokers, for kafka:TOPIC sources (which are
                       read whole, to the end offsets at start)
  --isolation LEVEL    read_committed (default) or read_uncommitted, for
                       kafka:TOPIC sources
  --exactly-once       a result that appears twice is an error; otherwise
                       duplicates equal to the expected result are counted
  --help               print this and exit
Prints one line, `exact: ...` (exit 0) or `differs: ...` (exit 1); exits 2
when an input cannot be read. `eddy-check ipdr --help` tells how to check a
run of the IPDR rollup.
)";

namespace {

bool is_kafka(std::string_view source) {
  return source.starts_with("kafka:");
}

caf::error invalid(std::string text) {
  return make_error(ec::invalid_config, std::move(text));
}

} // namespace

caf::error read_flags(const std::vector<std::string_view>& args,
                      const flag_effects& effects) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto flag = args[i];
    if (flag == "--help" || flag == "-h") {
      *effects.wants_help = true;
      return {};
    }
    if (flag == "--exactly-once") {
      *effects.is_exactly_once = true;
      continue;
    }
    auto option =
        std::find_if(effects.text_options.begin(), effects.text_options.end(),
                     [flag](auto& named) { return named.first == flag; });
    if (option == effects.text_options.end() && flag != "--isolation")
      return invalid("unknown option '" + std::string{flag} + "'");
    if (i + 1 >= args.size() || args[i + 1].empty())
      return invalid("option '" + std::string{flag} + "' needs a value");
    auto value = args[++i];
    if (option != effects.text_options.end())
      *option->second = std::string{value};
    else if (value == "read_committed" || value == "read_uncommitted")
      *effects.is_read_committed = value == "read_committed";
    else
      return invalid("option '--isolation' must be read_committed or "
                     "read_uncommitted, got '" +
                     std::string{value} + "'");
  }
  return {};
}

caf::error check_sources(
    const std::vector<std::pair<std::string_view, const std::string*>>& sources,
    const std::string& bootstrap) {
  for (auto [flag, source] : sources)
    if (source->empty())
      return invalid("option '" + std::string{flag} + "' is required");
  for (auto [flag, source] : sources) {
    if (*source == "kafka:")
      return invalid("'kafka:' names no topic");
    if (is_kafka(*source) && bootstrap.empty())
      return invalid("option '--bootstrap' is required to read '" + *source +
                     "'");
  }
  return {};
}

caf::expected<check_options>
parse_command_line(const std::vector<std::string_view>& args) {
  check_options opts;
  if (auto err = read_flags(args, {{{"--input", &opts.input},
                                    {"--results", &opts.results},
                                    {"--stock", &opts.stock},
                                    {"--bootstrap", &opts.bootstrap}},
                                   &opts.is_exactly_once,
                                   &opts.is_read_committed,
                                   &opts.wants_help}))
    return err;
  if (opts.wants_help)
    return opts;
  if (auto err = check_sources(
          {{"--input", &opts.input}, {"--results", &opts.results}},
          opts.bootstrap))
    return err;
  return opts;
}

} // namespace eddy::check
