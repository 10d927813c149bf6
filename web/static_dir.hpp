// Where the built dashboard is when the configuration does not say.
#pragma once

#include <filesystem>

namespace eddy::web {

/// Returns <directory of the running executable>/../share/eddy/static: where
/// the build puts the dashboard next to build/bin, and where the Docker
/// image puts it next to /usr/local/bin. If the executable's path cannot be
/// read (no /proc), returns share/eddy/static relative to the working
/// directory. The directory need not exist.
std::filesystem::path default_static_dir();

} // namespace eddy::web
