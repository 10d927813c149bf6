// A TCP port on 127.0.0.1 that is free now, for a peer a test starts: the
// benchmarks' free_port (bench/common/free_port.hpp), which they share.
#pragma once

#include "bench/common/free_port.hpp"

namespace eddy::test {

using bench::free_port;

} // namespace eddy::test
