// Finds the dashboard's default directory relative to the executable.
#include "web/static_dir.hpp"

#include <system_error>

namespace eddy::web {

std::filesystem::path default_static_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    return "share/eddy/static";
  return (exe.parent_path() / ".." / "share" / "eddy" / "static")
      .lexically_normal();
}

} // namespace eddy::web
