// `eddy-check ipdr`'s steps in order: recompute the usage from the IPDR
// input, then compare the job's output with it.
#pragma once

#include <iosfwd>

#include "caf/expected.hpp"

#include "apps/eddy-check/ipdr_command_line.hpp"
#include "apps/eddy-check/ipdr_report.hpp"

namespace eddy::check {

/// Loads the time zone, reads the input into the usage per (mac, hour) of
/// the records of `opts.scn` (skipping and counting those the job
/// dead-letters, the first of them named on `notes`), then reads the output
/// and compares, reporting progress on stderr for long steps. Answers what
/// it found. Fails with ec::invalid_config for an unknown time zone, or as
/// read_log when an input cannot be read (the error names the file or
/// topic).
[[nodiscard]] caf::expected<ipdr_report>
run_ipdr_check(const ipdr_check_options& opts, std::ostream* notes = nullptr);

} // namespace eddy::check
