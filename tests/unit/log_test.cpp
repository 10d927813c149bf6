// The logger: lines below the level are dropped, the others name their job
// and actor; level names parse back to their level.
#include "messages/log.hpp"

#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

using namespace eddy;

namespace {

// Captures the lines instead of writing them to stderr, at `threshold`;
// writes to stderr at the default level again afterwards. A line from an
// actor another test left running may come in too, so tests look for
// their own lines instead of counting.
class captured_lines {
public:
  explicit captured_lines(log::level threshold) {
    log::set_level(threshold);
    log::set_sink([this](std::string_view line) {
      std::lock_guard guard{mtx_};
      lines_.emplace_back(line);
    });
  }

  ~captured_lines() {
    log::set_sink(nullptr);
    log::set_level(log::level::info);
  }

  /// Whether a line ends with `text`.
  bool has(std::string_view text) const {
    std::lock_guard guard{mtx_};
    for (auto& line : lines_)
      if (line.ends_with(text))
        return true;
    return false;
  }

private:
  mutable std::mutex mtx_;
  std::vector<std::string> lines_;
};

} // namespace

TEST_CASE("a line below the level is dropped") {
  captured_lines out{log::level::warn};
  log::info("inventory", "source/kafka", "connected");
  CHECK_FALSE(out.has("[inventory source/kafka] connected"));
}

TEST_CASE("a line at the level is written with its job and actor") {
  captured_lines out{log::level::warn};
  log::warn("inventory", "source/kafka", "commit failed");
  CHECK(out.has("warning [inventory source/kafka] commit failed"));
}

TEST_CASE("a line above the level is written with its job and actor") {
  captured_lines out{log::level::warn};
  log::error("inventory", "sink/alerts to stdout", "gave up");
  CHECK(out.has("error [inventory sink/alerts to stdout] gave up"));
}

TEST_CASE("a line of no job names eddy, and of no actor a dash") {
  captured_lines out{log::level::info};
  log::info("", "", "started");
  CHECK(out.has("[eddy -] started"));
}

TEST_CASE("a log context writes its lines with its job and actor") {
  captured_lines out{log::level::debug};
  log::context where{"machines", "source/mqtt"};
  where.debug("subscribed");
  CHECK(out.has("debug [machines source/mqtt] subscribed"));
}

TEST_CASE("every level's name parses back to that level") {
  for (auto at : {log::level::debug, log::level::info, log::level::warn,
                  log::level::error, log::level::off})
    CHECK(log::parse_level(log::to_string(at)) == at);
}

TEST_CASE("an unknown level word parses to nothing") {
  CHECK_FALSE(log::parse_level("verbose").has_value());
  CHECK_FALSE(log::parse_level("").has_value());
}
