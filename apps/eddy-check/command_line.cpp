// Parses eddy-check's flags into check_options.
#include "apps/eddy-check/command_line.hpp"

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
when an input cannot be read.
)";

namespace {

bool is_kafka(std::string_view source) {
  return source.starts_with("kafka:");
}

caf::error invalid(std::string text) {
  return make_error(ec::invalid_config, std::move(text));
}

} // namespace

caf::expected<check_options>
parse_command_line(const std::vector<std::string_view>& args) {
  check_options opts;
  for (size_t i = 0; i < args.size(); ++i) {
    auto flag = args[i];
    if (flag == "--help" || flag == "-h") {
      opts.wants_help = true;
      return opts;
    }
    if (flag == "--exactly-once") {
      opts.is_exactly_once = true;
      continue;
    }
    std::string* target = nullptr;
    if (flag == "--input")
      target = &opts.input;
    else if (flag == "--results")
      target = &opts.results;
    else if (flag == "--stock")
      target = &opts.stock;
    else if (flag == "--bootstrap")
      target = &opts.bootstrap;
    else if (flag != "--isolation")
      return invalid("unknown option '" + std::string{flag} + "'");
    if (i + 1 >= args.size() || args[i + 1].empty())
      return invalid("option '" + std::string{flag} + "' needs a value");
    auto value = args[++i];
    if (target != nullptr) {
      *target = std::string{value};
    } else if (value == "read_committed" || value == "read_uncommitted") {
      opts.is_read_committed = value == "read_committed";
    } else {
      return invalid("option '--isolation' must be read_committed or "
                     "read_uncommitted, got '" +
                     std::string{value} + "'");
    }
  }
  if (opts.input.empty())
    return invalid("option '--input' is required");
  if (opts.results.empty())
    return invalid("option '--results' is required");
  for (auto* source : {&opts.input, &opts.results}) {
    if (*source == "kafka:")
      return invalid("'kafka:' names no topic");
    if (is_kafka(*source) && opts.bootstrap.empty())
      return invalid("option '--bootstrap' is required to read '" + *source +
                     "'");
  }
  return opts;
}

} // namespace eddy::check
