// The wrk script that makes every request read a random item.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench::http {

/// Writes `dir`/random_item.lua: each request is GET /v1/items/item_K with
/// K uniform in 1..`items` (the items the priming made), each wrk thread
/// seeded differently. Returns its path; throws bench_failure if it cannot
/// be written.
std::string write_random_item_script(const std::string& dir, uint64_t items);

} // namespace eddy::bench::http
