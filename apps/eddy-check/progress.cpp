// Progress lines on stderr for steps that take longer than a second.
#include "apps/eddy-check/progress.hpp"

#include <iostream>

#include "apps/eddy-check/check_defaults.hpp"

namespace eddy::check {

progress::progress(std::string what, std::ostream* out)
    : what_(std::move(what)), out_(out != nullptr ? out : &std::cerr),
      last_report_(clock::now()) {}

void progress::report_if_due() {
  auto now = clock::now();
  auto elapsed = std::chrono::duration<double>(now - last_report_).count();
  if (now - last_report_ < progress_interval)
    return;
  *out_ << "eddy-check: " << what_ << ": " << count_ << " records ("
        << static_cast<uint64_t>(static_cast<double>(count_ - reported_) /
                                 elapsed)
        << "/s)\n";
  has_reported_ = true;
  reported_ = count_;
  last_report_ = now;
}

void progress::finish() {
  if (has_reported_)
    *out_ << "eddy-check: " << what_ << ": " << count_ << " records, done\n";
}

} // namespace eddy::check
