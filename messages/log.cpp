// Writes log lines through spdlog.
#include "messages/log.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <mutex>
#include <utility>

#include <spdlog/sinks/base_sink.h>
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

// Writes to stderr, or hands lines to a test's function. spdlog 1.10 has
// no callback sink, and swapping a logger's sinks is not thread-safe: the
// function is swapped under the sink's own lock instead.
class line_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
  void redirect(std::function<void(std::string_view)> to) {
    std::lock_guard guard{mutex_};
    to_ = std::move(to);
  }

protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    if (!to_) {
      // One write per line, so lines of concurrent threads do not mix.
      std::fwrite(line.data(), 1, line.size(), stderr);
      std::fflush(stderr);
      return;
    }
    std::string_view text{line.data(), line.size()};
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
      text.remove_suffix(1);
    to_(text);
  }

  void flush_() override { std::fflush(stderr); }

private:
  std::function<void(std::string_view)> to_;
};

struct logger_and_sink {
  std::shared_ptr<line_sink> sink;
  std::shared_ptr<spdlog::logger> logger;
};

// Made on first use, so that static initialization order does not matter.
logger_and_sink& instance() {
  static logger_and_sink made = [] {
    logger_and_sink result;
    result.sink = std::make_shared<line_sink>();
    result.logger = std::make_shared<spdlog::logger>("eddy", result.sink);
    result.logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                               spdlog::pattern_time_type::utc);
    result.logger->set_level(spdlog::level::info);
    return result;
  }();
  return made;
}

spdlog::logger& logger() {
  return *instance().logger;
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

void set_sink(std::function<void(std::string_view line)> sink) {
  instance().sink->redirect(std::move(sink));
}

} // namespace eddy::log
