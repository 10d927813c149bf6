// Creates, sizes and removes the figures' directories.
#include "bench/common/scratch_dir.hpp"

#include <cstdlib>
#include <filesystem>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

namespace fs = std::filesystem;

scratch_dir::scratch_dir(const std::string& given) : path_(given) {
  if (path_.empty()) {
    std::string pattern = "/tmp/eddy-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
      throw bench_failure{"cannot create a directory under /tmp"};
    path_ = pattern;
    is_temporary_ = true;
  }
  std::error_code err;
  fs::create_directories(path_, err);
  if (err)
    throw bench_failure{"cannot create " + path_ + ": " + err.message()};
}

scratch_dir::~scratch_dir() {
  if (!is_temporary_)
    return;
  std::error_code ignored; // a leftover temp dir is not worth failing for
  fs::remove_all(path_, ignored);
}

std::string scratch_dir::fresh(const std::string& name) const {
  auto dir = path_ + "/" + name;
  std::error_code err;
  fs::remove_all(dir, err);
  if (!err)
    fs::create_directories(dir, err);
  if (err)
    throw bench_failure{"cannot make a fresh " + dir + ": " + err.message()};
  return dir;
}

uint64_t directory_bytes(const std::string& path) {
  uint64_t sum = 0;
  std::error_code err;
  for (auto& entry : fs::recursive_directory_iterator{path, err})
    if (entry.is_regular_file(err))
      sum += entry.file_size(err);
  if (err)
    throw bench_failure{"cannot size " + path + ": " + err.message()};
  return sum;
}

} // namespace eddy::bench
