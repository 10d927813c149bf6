// The items with the most failed transactions in the latest summary window
// that closed: which items run out of stock now. Filled as the windows
// close (once per item and window, on the windows' threads), read by the
// job's reports on any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy {

class failure_ranking {
public:
  /// Keeps the `size` items with the most failures.
  explicit failure_ranking(size_t size = 10) : size_(size) {}

  /// Records that `item` had `failed` failed transactions in the window
  /// ending at `window_end` (ms). A newer window starts the ranking again;
  /// an older one is ignored (its ranking was replaced). Recording an item
  /// again for the same window (a window fired again after a restart)
  /// replaces its count. Thread-safe.
  void record(std::string_view item, int64_t window_end, int64_t failed);

  /// The ranked items with their failures, the most first; thread-safe.
  std::vector<std::pair<std::string, int64_t>> top() const;

private:
  // Keeps `ranked_` sorted, the most failures first, at most size_ long.
  void place(std::string_view item, int64_t failed);

  size_t size_;
  mutable std::mutex mtx_;
  int64_t window_end_ = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<std::string, int64_t>> ranked_;
};

} // namespace eddy
