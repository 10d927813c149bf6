// Counts outcomes and latencies for the telemetry panel.
#include "apps/telemetry/telemetry_board.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "actors/wall_clock.hpp"
#include "apps/telemetry/telemetry_rules.hpp"

namespace eddy::telemetry {

namespace {

constexpr std::array<std::string_view, outcome_count> outcome_names = {
    "valid", "out of range", "unknown type", "duplicate", "malformed", "stale"};

outcome outcome_of(const event& e) {
  switch (e.checked) {
  case quality::as_sent:
    return outcome::valid;
  case quality::out_of_range:
    return outcome::out_of_range;
  case quality::unknown_type:
    return outcome::unknown_type;
  case quality::duplicate:
    return outcome::duplicate;
  }
  return outcome::valid;
}

bool is_about_time(std::string_view reason) {
  return reason.find(stale_reason) != std::string_view::npos ||
         reason.find(future_reason) != std::string_view::npos;
}

// The q-quantile of `xs` (reordered), nearest rank.
double quantile(std::vector<int64_t>& xs, double q) {
  auto rank = static_cast<size_t>(q * static_cast<double>(xs.size() - 1));
  std::nth_element(xs.begin(), xs.begin() + static_cast<ptrdiff_t>(rank),
                   xs.end());
  return static_cast<double>(xs[rank]);
}

} // namespace

void telemetry_board::add(const std::vector<event>& events) {
  auto now = wall_clock_ms();
  std::lock_guard guard{mtx_};
  for (auto& e : events) {
    ++totals_[static_cast<size_t>(outcome_of(e))];
    if (e.checked == quality::duplicate)
      continue;
    auto latency = std::max<int64_t>(now - e.timestamp_ms, 0);
    if (latencies_.size() < latency_samples)
      latencies_.push_back(latency);
    else
      latencies_[next_latency_] = latency;
    next_latency_ = (next_latency_ + 1) % latency_samples;
  }
}

void telemetry_board::add(const std::vector<dead_letter>& letters) {
  std::lock_guard guard{mtx_};
  for (auto& letter : letters)
    ++totals_[static_cast<size_t>(
        is_about_time(letter.reason) ? outcome::stale : outcome::malformed)];
}

std::array<uint64_t, outcome_count> telemetry_board::totals() const {
  std::lock_guard guard{mtx_};
  return totals_;
}

std::vector<job_figure> telemetry_board::figures() {
  std::lock_guard guard{mtx_};
  auto now = clock::now();
  if (auto elapsed = std::chrono::duration<double>(now - sampled_at_).count();
      elapsed >= 1.0) {
    for (size_t i = 0; i < outcome_count; ++i) {
      rates_[i] = sampled_at_ == clock::time_point{}
                      ? 0.0
                      : static_cast<double>(totals_[i] - sampled_[i]) / elapsed;
      sampled_[i] = totals_[i];
    }
    sampled_at_ = now;
  }
  job_figure rates{"events_by_outcome",
                   "Events per second by outcome",
                   "events/s",
                   figure_kind::series,
                   {}};
  for (size_t i = 0; i < outcome_count; ++i)
    rates.points.emplace_back(std::string{outcome_names[i]}, rates_[i]);
  job_figure latency{
      "latency", "End-to-end latency", "ms", figure_kind::series, {}};
  if (!latencies_.empty()) {
    auto xs = latencies_;
    latency.points = {{"p50", quantile(xs, 0.5)}, {"p99", quantile(xs, 0.99)}};
  }
  return {std::move(rates), std::move(latency)};
}

} // namespace eddy::telemetry
