// A free port is a closed_port given up at once.
#include "tests/support/free_port.hpp"

#include "tests/support/closed_port.hpp"

namespace eddy::test {

uint16_t free_port() {
  return closed_port{}.port();
}

} // namespace eddy::test
