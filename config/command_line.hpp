// The `eddy` binary's command line: `eddy [--config FILE] [--set key=value]...
// [--from-savepoint DIR] [--help]`, and the --help text that lists every
// configuration key.
#pragma once

#include <string>

#include "caf/expected.hpp"

#include "config/settings.hpp"

namespace eddy {

/// What the command line asked for.
struct command_line {
  /// --help or -h was given: print help_text() and exit.
  bool wants_help = false;
  /// The --config file, the --set overrides and the environment.
  settings_sources sources;
  /// --from-savepoint: the savepoint to start from, or empty.
  std::string savepoint;
};

/// Parses `argv` (argc entries, argv[0] being the program) and captures the
/// null-terminated `envp` (may be nullptr) into `sources.environment`.
/// Accepts `--config FILE`, `--config=FILE`, `--set key=value`,
/// `--set=key=value`, `--from-savepoint DIR` (or `=DIR`), `--help` and
/// `-h`. Fails with `ec::invalid_config` for an unknown option, a
/// positional argument, a missing value, a --set value without '=' or with
/// an empty key, and a second --config or --from-savepoint. Keys and values
/// are checked later, by settings::load.
[[nodiscard]] caf::expected<command_line>
parse_command_line(int argc, const char* const* argv, const char* const* envp);

/// The usage text: options, the precedence of sources, and every key of
/// `registry` (the shared ones, then each job's) with its default, accepted
/// values, environment variable and description.
std::string help_text(const key_registry& registry);

} // namespace eddy
