// A 127.0.0.1 port where nothing answers, held for a test: the benchmarks'
// closed_port (bench/common/closed_port.hpp), which they share.
#pragma once

#include "bench/common/closed_port.hpp"

namespace eddy::test {

using bench::closed_port;

} // namespace eddy::test
