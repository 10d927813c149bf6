// What the dashboard's routes need to know about the server they run in.
#pragma once

#include <chrono>
#include <filesystem>

namespace eddy::web {

struct site_settings {
  /// The built dashboard: index.html, its scripts and the vendor libraries.
  /// It need not exist; GET / then says the dashboard was not built.
  std::filesystem::path static_dir;
  /// How often WS /v1/live sends, so the page knows when it is stale.
  std::chrono::milliseconds live_interval{1000};
};

} // namespace eddy::web
