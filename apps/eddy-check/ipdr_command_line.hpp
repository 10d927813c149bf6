// `eddy-check ipdr`'s command line: where the IPDR input and the job's
// output are, and how the job read the input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

namespace eddy::check {

/// What `eddy-check ipdr` was asked to do.
struct ipdr_check_options {
  /// The IPDR records: a file of JSON lines or `kafka:TOPIC`.
  std::string input;
  /// What the job wrote: a file, a directory of part files, or
  /// `kafka:TOPIC`.
  std::string output;
  /// `HOST:PORT[,...]` of the brokers, required for `kafka:TOPIC` sources.
  std::string bootstrap;
  /// The service class (dsScn) the job keeps.
  std::string scn = "data";
  /// The zone the job reads fromTime in (an IANA name).
  std::string time_zone = "UTC";
  /// Whether Kafka topics are read without uncommitted transactions.
  bool is_read_committed = true;
  /// Whether --help was given: print `ipdr_usage` and do nothing else.
  bool wants_help = false;
};

/// The text `eddy-check ipdr --help` prints.
extern const std::string_view ipdr_usage;

/// Reads the arguments after `ipdr`. Fails with ec::invalid_config naming
/// the flag: an unknown flag, a flag without its value, a bad --isolation,
/// a missing --input or --output, or a `kafka:TOPIC` source without
/// --bootstrap.
[[nodiscard]] caf::expected<ipdr_check_options>
parse_ipdr_command_line(const std::vector<std::string_view>& args);

} // namespace eddy::check
