// The parse figures: which JSON parser the job's hot path should use. One
// thread parses the table's IPDRs into the job's record with each parser.
#pragma once

#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/ipdr/ipdr_bench_options.hpp"
#include "bench/ipdr/ipdr_table.hpp"

namespace eddy::bench {

/// A row per parser, each compared with the job's (ipdr::parser, simdjson
/// DOM), alternating per run so load from elsewhere hits all alike:
///  - simdjson DOM (ipdr::parser): the whole document validated;
///  - nlohmann::json: the whole document validated;
///  - simdjson On-Demand, the five fields read, the rest skipped;
///  - simdjson On-Demand, every value read.
/// Each row: records/s over opts.measure_time, JSON MB/s, and how many of
/// the malformed samples (malformed_samples.hpp) the parser refused. A
/// parser that refuses a generated record fails the figure.
std::vector<figure_result> measure_parsers(const ipdr_bench_options& opts,
                                           const ipdr_table& table);

} // namespace eddy::bench
