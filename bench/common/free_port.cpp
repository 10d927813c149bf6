// A free port is a closed_port given up at once.
#include "bench/common/free_port.hpp"

#include "bench/common/closed_port.hpp"

namespace eddy::bench {

uint16_t free_port() {
  return closed_port{}.port();
}

} // namespace eddy::bench
