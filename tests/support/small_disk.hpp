// A small disk for tests of what a full one does: a tmpfs of a few
// megabytes mounted on a temporary directory (tests run as root, as CI
// does), filled on request with a ballast file and emptied again.
#pragma once

#include <cstddef>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace eddy::test {

class small_disk {
public:
  /// Mounts a tmpfs of `megabytes`; fails the test, naming why, if it
  /// cannot (e.g. without the right to mount).
  explicit small_disk(size_t megabytes);

  /// Unmounts it (lazily: a process may still hold a file on it).
  ~small_disk();

  small_disk(const small_disk&) = delete;
  small_disk& operator=(const small_disk&) = delete;

  const std::string& path() const { return dir_.path(); }

  /// Writes a ballast file until the disk has no byte left.
  void fill();

  /// Deletes the ballast: the disk has room again.
  void free();

private:
  std::string ballast() const { return path() + "/ballast"; }

  temp_dir dir_;
};

} // namespace eddy::test
