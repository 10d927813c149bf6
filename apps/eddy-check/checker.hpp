// eddy-check's steps in order: recompute the run from the input, compare
// the results, then the stock.
#pragma once

#include "caf/expected.hpp"

#include "apps/eddy-check/command_line.hpp"
#include "apps/eddy-check/difference_report.hpp"

namespace eddy::check {

/// Reads the input into an expected run, compares the results and (with
/// `opts.stock`) the stock against it, reporting progress on stderr for
/// long steps. Answers what it found. Fails when an input cannot be read:
/// a file or topic that cannot be read, a malformed line (the error names
/// the file and line, or topic, partition and offset), a transaction id the
/// input holds twice, a stock source that cannot be read.
[[nodiscard]] caf::expected<difference_report>
run_check(const check_options& opts);

} // namespace eddy::check
