// File operations that survive a crash: fsync, atomic replacement, cutting.
#include "connectors/files/durable_io.hpp"

#include <cerrno>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "messages/error.hpp"

namespace eddy {

namespace {

std::error_code last_error() {
  return {errno, std::generic_category()};
}

// Closes a descriptor once; what close() says is returned by close_now().
class descriptor {
public:
  explicit descriptor(int fd) : fd_(fd) {}
  descriptor(const descriptor&) = delete;
  descriptor& operator=(const descriptor&) = delete;

  ~descriptor() {
    if (fd_ >= 0) {
      // Only reached on a path that already fails: that error is reported.
      static_cast<void>(::close(fd_));
    }
  }

  int get() const noexcept { return fd_; }

  std::error_code close_now() {
    auto result = ::close(fd_) == 0 ? std::error_code{} : last_error();
    fd_ = -1;
    return result;
  }

private:
  int fd_;
};

caf::expected<void> write_all(int fd, std::string_view content,
                              const std::string& path) {
  while (!content.empty()) {
    auto n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return file_failure("write", path, last_error());
    content.remove_prefix(static_cast<size_t>(n));
  }
  return caf::unit;
}

} // namespace

caf::error file_failure(std::string_view action, const std::string& path,
                        std::error_code reason) {
  return make_error(ec::connector_failure, "cannot " + std::string{action} +
                                               " " + path + ": " +
                                               reason.message());
}

caf::expected<void> sync_path(const std::string& path) {
  descriptor fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (fd.get() < 0)
    return file_failure("open", path, last_error());
  if (::fsync(fd.get()) != 0)
    return file_failure("sync", path, last_error());
  if (auto err = fd.close_now())
    return file_failure("close", path, err);
  return caf::unit;
}

caf::expected<void> replace_file(const std::string& path,
                                 std::string_view content) {
  auto temp = path + ".tmp";
  descriptor fd{
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (fd.get() < 0)
    return file_failure("create", temp, last_error());
  if (auto ok = write_all(fd.get(), content, temp); !ok)
    return ok;
  if (::fsync(fd.get()) != 0)
    return file_failure("sync", temp, last_error());
  if (auto err = fd.close_now())
    return file_failure("close", temp, err);
  if (auto ok = rename_file(temp, path); !ok)
    return ok;
  return sync_path(std::filesystem::path{path}.parent_path().string());
}

caf::expected<void> cut_to(const std::string& path, uint64_t length) {
  std::error_code err;
  auto size = std::filesystem::file_size(path, err);
  if (err)
    return file_failure("read the size of", path, err);
  if (size < length)
    return make_error(ec::connector_failure,
                      path + " has " + std::to_string(size) +
                          " bytes, fewer than the " + std::to_string(length) +
                          " a checkpoint made durable");
  if (size == length)
    return caf::unit;
  std::filesystem::resize_file(path, length, err);
  if (err)
    return file_failure("truncate", path, err);
  return sync_path(path);
}

caf::expected<void> rename_file(const std::string& from,
                                const std::string& to) {
  std::error_code err;
  std::filesystem::rename(from, to, err);
  if (err)
    return file_failure("rename", from + " to " + to, err);
  return caf::unit;
}

caf::expected<void> remove_file(const std::string& path) {
  std::error_code err;
  std::filesystem::remove(path, err);
  if (err)
    return file_failure("remove", path, err);
  return caf::unit;
}

} // namespace eddy
