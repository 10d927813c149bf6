#include "tests/support/small_disk.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <doctest/doctest.h>

namespace eddy::test {

small_disk::small_disk(size_t megabytes) {
  auto options = "size=" + std::to_string(megabytes) + "m";
  auto mounted =
      ::mount("tmpfs", path().c_str(), "tmpfs", 0, options.c_str()) == 0;
  REQUIRE_MESSAGE(mounted, "cannot mount a tmpfs on " << path() << ": "
                                                      << std::strerror(errno)
                                                      << " (run as root)");
}

small_disk::~small_disk() {
  ::umount2(path().c_str(), MNT_DETACH);
}

void small_disk::fill() {
  auto fd = ::open(ballast().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  REQUIRE_MESSAGE(fd >= 0, "cannot open " << ballast());
  std::vector<char> chunk(64 * 1024, 'x');
  // Down to single bytes, so that not even a small write fits afterwards.
  for (auto size = chunk.size(); size > 0; size /= 2)
    while (::write(fd, chunk.data(), size) == static_cast<ssize_t>(size))
      ;
  ::close(fd);
}

void small_disk::free() {
  std::filesystem::remove(ballast());
}

} // namespace eddy::test
