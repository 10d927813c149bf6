// Eddy's one logger: levelled lines on stderr, each naming the job and the
// actor (or component) it is about, one line per event. spdlog stays in
// log.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::log {

enum class level { debug, info, warn, error, off };

/// Lines below `threshold` are dropped (log.level; default info).
void set_level(level threshold);

/// Whether lines of `at` are written now.
bool enabled(level at);

/// `at`'s name as log.level spells it: "debug", "info", "warn", "error",
/// "off"; and back (nothing for another word).
std::string_view to_string(level at);
std::optional<level> parse_level(std::string_view text);

/// Writes one line: time, level, [job actor] and `message`. An empty job
/// reads "eddy", an empty actor "-". Thread-safe.
void write(level at, std::string_view job, std::string_view actor,
           std::string_view message);

/// For tests: hands each line (formatted as on stderr, without the newline)
/// to `sink` instead of writing it; nullptr writes to stderr again. `sink`
/// runs under the logger's lock, so it must not log itself.
void set_sink(std::function<void(std::string_view line)> sink);

inline void debug(std::string_view job, std::string_view actor,
                  std::string_view message) {
  write(level::debug, job, actor, message);
}

inline void info(std::string_view job, std::string_view actor,
                 std::string_view message) {
  write(level::info, job, actor, message);
}

inline void warn(std::string_view job, std::string_view actor,
                 std::string_view message) {
  write(level::warn, job, actor, message);
}

inline void error(std::string_view job, std::string_view actor,
                  std::string_view message) {
  write(level::error, job, actor, message);
}

/// Whom a component's lines are about, for components that log from
/// threads of their own (connectors, the sink): the job (empty for none)
/// and the actor as the status report and the metrics name it
/// ("source/kafka", "sink/alerts to stdout"), or a component's name.
struct context {
  std::string job;
  std::string actor;

  void debug(std::string_view message) const {
    write(level::debug, job, actor, message);
  }

  void info(std::string_view message) const {
    write(level::info, job, actor, message);
  }

  void warn(std::string_view message) const {
    write(level::warn, job, actor, message);
  }

  void error(std::string_view message) const {
    write(level::error, job, actor, message);
  }
};

} // namespace eddy::log
