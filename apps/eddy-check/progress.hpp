// Tells on stderr, once a second, how far a long step is; a step shorter
// than a second says nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace eddy::check {

class progress {
public:
  /// Reports on `out` as "eddy-check: WHAT: N records (R/s)".
  explicit progress(std::string what, std::ostream* out = nullptr);

  /// Counts one record; looks at the clock only every few thousand.
  void tick() {
    if ((++count_ & clock_mask) == 0)
      report_if_due();
  }

  /// Says how many records there were in all, if it said anything before.
  void finish();

  uint64_t count() const noexcept { return count_; }

private:
  using clock = std::chrono::steady_clock;
  static constexpr uint64_t clock_mask = 0xfff;

  void report_if_due();

  std::string what_;
  std::ostream* out_;
  uint64_t count_ = 0;
  uint64_t reported_ = 0;
  bool has_reported_ = false;
  clock::time_point last_report_;
};

} // namespace eddy::check
