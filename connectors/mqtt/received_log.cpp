// Segment files of length-prefixed, checksummed entries.
#include "connectors/mqtt/received_log.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "connectors/files/durable_io.hpp"

namespace eddy {

namespace {

namespace fs = std::filesystem;

constexpr size_t header_size = 12;

// FNV-1a: enough to tell an entry from the zeros or garbage a machine
// crash leaves at a file's end.
uint32_t checksum(std::string_view topic, std::string_view payload) {
  uint32_t h = 2166136261u;
  for (auto part : {topic, payload})
    for (unsigned char c : part)
      h = (h ^ c) * 16777619u;
  return h;
}

void put_u32(uint32_t x, std::string& out) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((x >> (8 * i)) & 0xff));
}

uint32_t get_u32(const char* p) {
  uint32_t x = 0;
  for (int i = 0; i < 4; ++i)
    x |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return x;
}

std::error_code last_error() {
  return {errno, std::generic_category()};
}

caf::expected<std::string> read_whole(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return file_failure("read", path, last_error());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

/// Calls `visit(topic, payload)` for each whole entry of `bytes`; answers
/// where the whole entries end.
template <class Visit>
size_t for_each_entry(std::string_view bytes, Visit&& visit) {
  size_t at = 0;
  while (bytes.size() - at >= header_size) {
    auto topic_size = get_u32(bytes.data() + at);
    auto payload_size = get_u32(bytes.data() + at + 4);
    auto sum = get_u32(bytes.data() + at + 8);
    auto size = uint64_t{topic_size} + payload_size;
    if (bytes.size() - at - header_size < size)
      break;
    auto topic = bytes.substr(at + header_size, topic_size);
    auto payload = bytes.substr(at + header_size + topic_size, payload_size);
    if (checksum(topic, payload) != sum)
      break;
    visit(topic, payload);
    at += header_size + size;
  }
  return at;
}

std::string segment_name(offset_t first) {
  char name[32];
  std::snprintf(name, sizeof name, "%020lld.log",
                static_cast<long long>(first));
  return name;
}

// The first offset a segment's name says, or -1 if it is no segment.
offset_t first_offset_of(const fs::path& file) {
  auto stem = file.stem().string();
  if (file.extension() != ".log" || stem.empty())
    return -1;
  offset_t first = -1;
  auto [end, ec] =
      std::from_chars(stem.data(), stem.data() + stem.size(), first);
  return ec == std::errc{} && end == stem.data() + stem.size() ? first : -1;
}

} // namespace

received_log::received_log(std::string dir, uint64_t segment_bytes)
    : dir_(std::move(dir)), segment_bytes_(segment_bytes) {}

received_log::~received_log() {
  if (fd_ >= 0)
    ::close(fd_);
}

caf::expected<std::unique_ptr<received_log>>
received_log::open(const std::string& dir, offset_t first_offset,
                   uint64_t segment_bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return file_failure("create", dir, ec);
  std::unique_ptr<received_log> log{new received_log{dir, segment_bytes}};
  for (auto& file : fs::directory_iterator{dir, ec})
    if (auto first = first_offset_of(file.path()); first >= 0)
      log->segments_.push_back({first, file.path().string()});
  if (ec)
    return file_failure("list", dir, ec);
  std::sort(log->segments_.begin(), log->segments_.end(),
            [](auto& a, auto& b) { return a.first < b.first; });
  auto err = log->segments_.empty() ? log->begin_segment(first_offset)
                                    : log->scan_last_segment();
  if (err)
    return err;
  return log;
}

caf::error received_log::scan_last_segment() {
  auto& last = segments_.back();
  auto bytes = read_whole(last.path);
  if (!bytes)
    return bytes.error();
  offset_t entries = 0;
  auto whole = for_each_entry(*bytes, [&](auto, auto) { ++entries; });
  if (whole < bytes->size())
    if (auto cut = cut_to(last.path, whole); !cut)
      return cut.error();
  fd_ = ::open(last.path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0)
    return file_failure("open", last.path, last_error());
  size_ = whole;
  next_ = last.first + entries;
  return {};
}

caf::error received_log::begin_segment(offset_t first) {
  auto path = (fs::path{dir_} / segment_name(first)).string();
  auto fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return file_failure("create", path, last_error());
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = fd;
  size_ = 0;
  next_ = first;
  segments_.push_back({first, std::move(path)});
  return {};
}

offset_t received_log::next_offset() const {
  std::lock_guard guard{mtx_};
  return next_;
}

caf::expected<offset_t> received_log::append(std::string_view topic,
                                             std::string_view payload) {
  std::lock_guard guard{mtx_};
  // Rolled before writing, so that a failure to begin a segment leaves the
  // message out of the log, as the caller is told.
  if (size_ >= segment_bytes_)
    if (auto err = begin_segment(next_))
      return err;
  entry_.clear();
  put_u32(static_cast<uint32_t>(topic.size()), entry_);
  put_u32(static_cast<uint32_t>(payload.size()), entry_);
  put_u32(checksum(topic, payload), entry_);
  entry_.append(topic).append(payload);
  size_t written = 0;
  while (written < entry_.size()) {
    auto n = ::write(fd_, entry_.data() + written, entry_.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto why = last_error();
      // A part written would be a torn entry in front of the next ones.
      if (written > 0 && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0)
        why = last_error();
      return file_failure("append to", segments_.back().path, why);
    }
    written += static_cast<size_t>(n);
  }
  size_ += entry_.size();
  return next_++;
}

caf::error received_log::replay_after(offset_t offset,
                                      const visitor& visit) const {
  std::vector<segment> segments;
  {
    std::lock_guard guard{mtx_};
    segments = segments_;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i + 1 < segments.size() && segments[i + 1].first <= offset + 1)
      continue;
    auto bytes = read_whole(segments[i].path);
    if (!bytes)
      return bytes.error();
    auto at = segments[i].first;
    for_each_entry(*bytes,
                   [&](std::string_view topic, std::string_view payload) {
                     if (at > offset)
                       visit(at, topic, payload);
                     ++at;
                   });
  }
  return {};
}

caf::error received_log::forget_through(offset_t offset) {
  std::lock_guard guard{mtx_};
  while (segments_.size() > 1 && segments_[1].first <= offset + 1) {
    if (auto removed = remove_file(segments_.front().path); !removed)
      return removed.error();
    segments_.erase(segments_.begin());
  }
  return {};
}

std::vector<offset_t> received_log::segments() const {
  std::lock_guard guard{mtx_};
  std::vector<offset_t> firsts;
  for (auto& s : segments_)
    firsts.push_back(s.first);
  return firsts;
}

} // namespace eddy
