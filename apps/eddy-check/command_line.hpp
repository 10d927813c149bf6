// eddy-check's command line: what to compare, and how to read it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

namespace eddy::check {

/// What eddy-check was asked to do.
struct check_options {
  /// The transaction log: a file path or `kafka:TOPIC`.
  std::string input;
  /// The transaction results the run wrote: a file path or `kafka:TOPIC`.
  std::string results;
  /// The final stock: a file path or `http://HOST:PORT`; empty: not checked.
  std::string stock;
  /// `HOST:PORT[,...]` of the brokers, required for `kafka:TOPIC` sources.
  std::string bootstrap;
  /// Whether Kafka topics are read without uncommitted transactions.
  bool is_read_committed = true;
  /// Whether a result that appears twice is an error (exactly-once) rather
  /// than a counted duplicate (at-least-once).
  bool is_exactly_once = false;
  /// Whether --help was given: print `usage` and do nothing else.
  bool wants_help = false;
};

/// The text --help prints.
extern const std::string_view usage;

/// What the flags of one of eddy-check's command lines set.
struct flag_effects {
  /// The option each flag that takes a text sets.
  std::vector<std::pair<std::string_view, std::string*>> text_options;
  /// Set by --exactly-once.
  bool* is_exactly_once = nullptr;
  /// Set by --isolation read_committed|read_uncommitted.
  bool* is_read_committed = nullptr;
  /// Set by --help or -h, which ends the reading.
  bool* wants_help = nullptr;
};

/// Reads `args` into what `effects` points at. Fails with
/// ec::invalid_config naming the flag: an unknown flag, a flag without its
/// value, a bad --isolation.
[[nodiscard]] caf::error read_flags(const std::vector<std::string_view>& args,
                                    const flag_effects& effects);

/// Checks the sources named on the command line, each with its flag: each
/// is required, `kafka:` must name a topic and `kafka:TOPIC` needs
/// `bootstrap`. Fails with ec::invalid_config naming the flag or source.
[[nodiscard]] caf::error check_sources(
    const std::vector<std::pair<std::string_view, const std::string*>>& sources,
    const std::string& bootstrap);

/// Reads the arguments after the program name. Fails with
/// ec::invalid_config naming the flag: an unknown flag, a flag without its
/// value, a bad --isolation, a missing --input or --results, or a
/// `kafka:TOPIC` source without --bootstrap.
[[nodiscard]] caf::expected<check_options>
parse_command_line(const std::vector<std::string_view>& args);

} // namespace eddy::check
