// What eddy's /v1/jobs says about the records it applied: how the ingest
// figure checks the generator's rate while wrk runs.
#pragma once

#include <cstdint>

namespace eddy::bench::http {

/// The records every partition of every job applied, summed, as GET
/// /v1/jobs on 127.0.0.1:`port` reports them. Throws bench_failure if it
/// does not answer 200 with the expected JSON.
uint64_t records_processed(uint16_t port);

} // namespace eddy::bench::http
