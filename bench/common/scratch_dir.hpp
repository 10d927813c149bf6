// Where the figures keep their state: a directory the user named (kept),
// or a fresh one under /tmp (removed at the end).
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench {

class scratch_dir {
public:
  /// `given` if not empty, else a new /tmp/eddy-bench-XXXXXX. Throws
  /// bench_failure if it cannot be created.
  explicit scratch_dir(const std::string& given);

  /// Removes the directory if this made it.
  ~scratch_dir();

  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  /// An empty subdirectory `name` (what an earlier run left there is
  /// removed first), for one figure.
  std::string fresh(const std::string& name) const;

private:
  std::string path_;
  bool is_temporary_ = false;
};

/// The bytes of every file under `path`.
uint64_t directory_bytes(const std::string& path);

} // namespace eddy::bench
