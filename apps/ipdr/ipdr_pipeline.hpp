// Describes the IPDR rollup (seed 000): IPDRs in, the `data` service kept,
// keyed by (modem, hour of day), a tumbling window summing dsOctets, usage
// out.
#pragma once

#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "apps/ipdr/ipdr_options.hpp"
#include "apps/ipdr/ipdr_parser.hpp"
#include "apps/ipdr/ipdr_record.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/source_plan.hpp"

namespace eddy::ipdr {

/// The outputs, by name: the usage of each closed window, and the IPDRs
/// that came too late for theirs (event time).
inline const std::string usage_output = "usage";
inline const std::string late_output = "late records";

/// The sources the options ask for: Kafka's topic, the generator, or both.
std::vector<source_plan<record>> sources_of(const options& opts,
                                            const parser& parse);

/// The job over `sources` (each emitting parsed IPDRs).
[[nodiscard]] caf::expected<job_plan>
plan(const options& opts, std::vector<source_plan<record>> sources);

} // namespace eddy::ipdr
