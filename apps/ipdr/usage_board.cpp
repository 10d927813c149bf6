// Sums closed windows' usage for the ipdr panel.
#include "apps/ipdr/usage_board.hpp"

#include <algorithm>

namespace eddy::ipdr {

void usage_board::add(const std::vector<usage>& records) {
  std::lock_guard guard{mtx_};
  for (auto& u : records) {
    if (u.hour >= 0 && u.hour < 24)
      by_hour_[static_cast<size_t>(u.hour)] += u.octets;
    by_mac_[u.mac] += u.octets;
  }
}

std::vector<job_figure> usage_board::figures() const {
  job_figure hours{
      "usage_by_hour", "Usage per hour of day", "bytes", figure_kind::bars, {}};
  job_figure modems{
      "top_modems", "Top modems by usage", "bytes", figure_kind::ranking, {}};
  std::vector<std::pair<std::string, int64_t>> top;
  {
    std::lock_guard guard{mtx_};
    for (size_t h = 0; h < by_hour_.size(); ++h)
      hours.points.emplace_back(std::to_string(h),
                                static_cast<double>(by_hour_[h]));
    for (auto& [mac, octets] : by_mac_) {
      top.emplace_back(mac, octets);
      if (top.size() > top_modems) {
        // Keeps the largest: drop the smallest of the top + 1.
        auto smallest =
            std::min_element(top.begin(), top.end(), [](auto& a, auto& b) {
              return a.second < b.second;
            });
        top.erase(smallest);
      }
    }
  }
  std::sort(top.begin(), top.end(), [](auto& a, auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (auto& [mac, octets] : top)
    modems.points.emplace_back(mac, static_cast<double>(octets));
  return {std::move(hours), std::move(modems)};
}

} // namespace eddy::ipdr
