// Ranks the items of the latest closed window by their failed transactions.
#include "apps/inventory/failure_ranking.hpp"

#include <algorithm>

namespace eddy {

void failure_ranking::record(std::string_view item, int64_t window_end,
                             int64_t failed) {
  std::lock_guard guard{mtx_};
  if (window_end < window_end_)
    return;
  if (window_end > window_end_) {
    window_end_ = window_end;
    ranked_.clear();
  }
  place(item, failed);
}

void failure_ranking::place(std::string_view item, int64_t failed) {
  auto known = std::find_if(ranked_.begin(), ranked_.end(),
                            [&](auto& entry) { return entry.first == item; });
  if (known != ranked_.end())
    ranked_.erase(known);
  if (failed <= 0 || size_ == 0)
    return;
  if (ranked_.size() == size_ && failed <= ranked_.back().second)
    return;
  // After the items with as many failures: the first to get there stays
  // ahead.
  auto at = std::find_if(ranked_.begin(), ranked_.end(),
                         [&](auto& entry) { return entry.second < failed; });
  ranked_.emplace(at, std::string{item}, failed);
  if (ranked_.size() > size_)
    ranked_.pop_back();
}

std::vector<std::pair<std::string, int64_t>> failure_ranking::top() const {
  std::lock_guard guard{mtx_};
  return ranked_;
}

} // namespace eddy
