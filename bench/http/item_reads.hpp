// Issue 5's figures: GET /v1/items/{id} on the eddy program under wrk, with
// and without ingest, and the minimal Beast server they are compared with.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/http/bench_options.hpp"

namespace eddy::bench::http {

/// The rows, in the order the table shows them; the eddy rows name the
/// first as their baseline.
inline const std::string baseline_row = "minimal Beast server (baseline)";
inline const std::string idle_row = "GET /v1/items/{id}, no ingest";
inline const std::string ingest_row = "GET /v1/items/{id}, ingesting 100k tx/s";

/// Primes opts.items items in `dir` in-process (every item_1 ..
/// item_ITEMS exists and is checkpointed), then measures with wrk -t2 -c64,
/// each request reading a random primed item, opts.repeat runs each:
///  - baseline_row: the minimal server, opts.http_threads I/O threads;
///  - idle_row: the eddy program on that state, generator off. Its runs
///    alternate with the baseline's, so the drift of a shared machine hits
///    both alike;
///  - ingest_row: a new eddy program on the same state with the generator
///    at ingest_rate, and the rate it applied records at while wrk ran.
/// Each run reports req/s (the figure), p99 and p50 latency, and (not with
/// ingest, whose CPU time would count) the requests per CPU-second the
/// server used.
std::vector<figure_result> measure_item_reads(const bench_options& opts,
                                              const std::string& dir);

} // namespace eddy::bench::http
