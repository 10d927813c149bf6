// The Eddy server as one object: reads the configuration, starts the actor
// system, the configured job and the HTTP front, and stops them in order.
#pragma once

#include <memory>

namespace eddy {

class application {
public:
  /// Runs until SIGINT or SIGTERM; returns the process exit code. Prints one
  /// line naming the problem when the configuration or start-up fails.
  static int run(int argc, const char* const* argv, const char* const* envp);
};

} // namespace eddy
