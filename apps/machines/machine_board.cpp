// Counts readings and keeps the latest powers for the machines panel.
#include "apps/machines/machine_board.hpp"

#include <string_view>

namespace eddy::machines {

namespace {

constexpr std::array<std::string_view, tally_count> tally_names = {
    "split", "powers", "late", "no speed", "malformed"};

tally tally_of(route r) {
  switch (r) {
  case route::data:
    return tally::split;
  case route::power:
    return tally::powers;
  case route::late:
    return tally::late;
  case route::unmatched:
    return tally::unmatched;
  }
  return tally::split;
}

} // namespace

void machine_board::add(const std::vector<reading>& readings) {
  std::lock_guard guard{mtx_};
  for (auto& r : readings) {
    ++totals_[static_cast<size_t>(tally_of(r.route))];
    if (r.route == route::power)
      latest_power_[r.thing + " " + r.quantity.substr(power_prefix.size())] =
          r.result;
  }
}

void machine_board::add(const std::vector<dead_letter>& letters) {
  std::lock_guard guard{mtx_};
  totals_[static_cast<size_t>(tally::malformed)] += letters.size();
}

std::array<uint64_t, tally_count> machine_board::totals() const {
  std::lock_guard guard{mtx_};
  return totals_;
}

std::vector<job_figure> machine_board::figures() {
  std::lock_guard guard{mtx_};
  auto now = clock::now();
  if (auto elapsed = std::chrono::duration<double>(now - sampled_at_).count();
      elapsed >= 1.0) {
    for (size_t i = 0; i < tally_count; ++i) {
      rates_[i] = sampled_at_ == clock::time_point{}
                      ? 0.0
                      : static_cast<double>(totals_[i] - sampled_[i]) / elapsed;
      sampled_[i] = totals_[i];
    }
    sampled_at_ = now;
  }
  job_figure power{
      "power", "Power per machine and channel", "W", figure_kind::series, {}};
  for (auto& [label, watts] : latest_power_) {
    if (power.points.size() == most_power_lines)
      break;
    power.points.emplace_back(label, watts);
  }
  job_figure rates{"readings_by_route",
                   "Readings per second",
                   "readings/s",
                   figure_kind::series,
                   {}};
  for (size_t i = 0; i < tally_count; ++i)
    rates.points.emplace_back(std::string{tally_names[i]}, rates_[i]);
  return {std::move(power), std::move(rates)};
}

} // namespace eddy::machines
