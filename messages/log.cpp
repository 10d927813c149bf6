// Writes log lines through spdlog.
#include "messages/log.hpp"

#include <array>
#include <memory>
#include <mutex>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace eddy::log {

namespace {

constexpr std::array<std::string_view, 5> names{"debug", "info", "warn",
                                                "error", "off"};

spdlog::level::level_enum spdlog_level(level at) {
  switch (at) {
  case level::debug:
    return spdlog::level::debug;
  case level::info:
    return spdlog::level::info;
  case level::warn:
    return spdlog::level::warn;
  case level::error:
    return spdlog::level::err;
  case level::off:
    return spdlog::level::off;
  }
  return spdlog::level::info;
}

// Made on first use, so that static initialization order does not matter.
spdlog::logger& logger() {
  static auto instance = [] {
    auto made = std::make_shared<spdlog::logger>(
        "eddy", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    made->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                      spdlog::pattern_time_type::utc);
    made->set_level(spdlog::level::info);
    return made;
  }();
  return *instance;
}

} // namespace

void set_level(level threshold) {
  logger().set_level(spdlog_level(threshold));
}

bool enabled(level at) {
  return logger().should_log(spdlog_level(at));
}

std::string_view to_string(level at) {
  return names[static_cast<size_t>(at)];
}

std::optional<level> parse_level(std::string_view text) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == text)
      return static_cast<level>(i);
  return std::nullopt;
}

void write(level at, std::string_view job, std::string_view actor,
           std::string_view message) {
  auto& out = logger();
  auto lvl = spdlog_level(at);
  if (!out.should_log(lvl))
    return;
  out.log(lvl, "[{} {}] {}", job.empty() ? "eddy" : job,
          actor.empty() ? "-" : actor, message);
}

} // namespace eddy::log
