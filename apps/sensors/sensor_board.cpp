// Counts and lists alerts for the sensors panel.
#include "apps/sensors/sensor_board.hpp"

#include <ctime>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace eddy::sensors {

namespace {

// "HH:MM" of a window's start, UTC.
std::string clock_of(int64_t ms) {
  auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &tm);
  return text;
}

std::pair<std::string, double> row_of(const alert& a) {
  std::string label = a.device_id + " " + clock_of(a.window_start);
  std::optional<double> value;
  for (auto [crossed, name, reading] :
       {std::tuple{a.high_temperature, " temperature", a.max_temperature},
        std::tuple{a.high_humidity, " humidity", a.max_humidity},
        std::tuple{a.low_battery, " battery", a.min_battery}}) {
    if (!crossed)
      continue;
    label += name;
    if (!value)
      value = reading;
  }
  return {std::move(label), value.value_or(0.0)};
}

} // namespace

void alert_board::add(const std::vector<alert>& alerts) {
  std::lock_guard guard{mtx_};
  for (auto& a : alerts) {
    by_threshold_[0] += a.high_temperature ? 1 : 0;
    by_threshold_[1] += a.high_humidity ? 1 : 0;
    by_threshold_[2] += a.low_battery ? 1 : 0;
    latest_.push_front(a);
    if (latest_.size() > latest_count)
      latest_.pop_back();
  }
}

std::vector<job_figure> alert_board::figures() const {
  job_figure counts{"alerts_by_threshold",
                    "Alerts by threshold",
                    "alerts",
                    figure_kind::bars,
                    {}};
  job_figure latest{
      "latest_alerts", "Latest alerts", "", figure_kind::list, {}};
  std::lock_guard guard{mtx_};
  counts.points = {{"high temperature", static_cast<double>(by_threshold_[0])},
                   {"high humidity", static_cast<double>(by_threshold_[1])},
                   {"low battery", static_cast<double>(by_threshold_[2])}};
  for (auto& a : latest_)
    latest.points.push_back(row_of(a));
  return {std::move(counts), std::move(latest)};
}

} // namespace eddy::sensors
