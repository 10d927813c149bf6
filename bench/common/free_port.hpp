// A TCP port on 127.0.0.1 that is free now, for a server a benchmark or a
// test starts (ClickHouse, mosquitto, ...).
#pragma once

#include <cstdint>

namespace eddy::bench {

/// A port the kernel considers free now; another process may still take
/// it before the server binds it, so a server that fails to start should
/// retry with a new one. Throws std::runtime_error if no socket can be
/// bound.
uint16_t free_port();

} // namespace eddy::bench
