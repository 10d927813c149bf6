// Writes the Lua script wrk runs per request.
#include "bench/http/random_item_script.hpp"

#include <fstream>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench::http {

namespace {

// wrk runs setup() once per thread in its main Lua state, then init() and
// request() in the thread's own state, where thread:set put `id`. Without
// distinct seeds both threads would read the same sequence of items.
constexpr const char* script_body = R"(
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

function init(args)
  math.randomseed(os.time() + 7919 * id)
end

function request()
  return wrk.format("GET", "/v1/items/item_" .. math.random(items))
end
)";

} // namespace

std::string write_random_item_script(const std::string& dir, uint64_t items) {
  auto path = dir + "/random_item.lua";
  std::ofstream out{path};
  out << "-- Written by eddy-bench-http: each request reads a random one of\n"
         "-- the primed items, item_1 .. item_"
      << items << ".\nitems = " << items << "\n"
      << script_body;
  out.close();
  if (!out)
    throw bench_failure{"cannot write " + path};
  return path;
}

} // namespace eddy::bench::http
