// The MQTT source's write-ahead log. MQTT cannot replay: once a QoS 1
// message is acknowledged the broker forgets it. Waiting for a checkpoint
// before each acknowledgement (the client takes the next message only then)
// held a source to one message per checkpoint, ~3k msgs/s. So each message
// is appended here first and acknowledged at once; a restart replays what
// the latest checkpoint does not cover, and each checkpoint lets the log
// forget what it covers. An entry is in the operating system's page cache
// when append() returns: it survives a crash of the process (kill -9), not
// one of the machine.
//
// Files: segments `<first offset>.log` in one directory, the last one
// appended to; an entry is [u32 topic size][u32 payload size][u32 checksum]
// [topic][payload], little-endian. A torn last entry (the machine crashed
// mid-write) is cut off when the log is opened.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "messages/stream.hpp"

namespace eddy {

class received_log {
public:
  /// Called per replayed entry, in offset order.
  using visitor = std::function<void(offset_t offset, std::string_view topic,
                                     std::string_view payload)>;

  /// A new segment is begun once the current one has this many bytes.
  static constexpr uint64_t default_segment_bytes = 16 << 20;

  /// Opens the log in `dir` (created if missing), its next offset after the
  /// last entry there, or `first_offset` in a new log (above what the job
  /// applied from the source before it had a log). Fails with
  /// ec::connector_failure naming the file that cannot be read or written.
  [[nodiscard]] static caf::expected<std::unique_ptr<received_log>>
  open(const std::string& dir, offset_t first_offset = 0,
       uint64_t segment_bytes = default_segment_bytes);

  ~received_log();
  received_log(const received_log&) = delete;
  received_log& operator=(const received_log&) = delete;

  /// The offset the next append gets.
  offset_t next_offset() const;

  /// Appends one message; answers its offset. Fails naming the file (the
  /// message is then not in the log).
  [[nodiscard]] caf::expected<offset_t> append(std::string_view topic,
                                               std::string_view payload);

  /// Calls `visit` for every entry after `offset` still in the log. Fails
  /// naming a segment that cannot be read.
  [[nodiscard]] caf::error replay_after(offset_t offset,
                                        const visitor& visit) const;

  /// Forgets the entries up to `offset` (a checkpoint covers them), whole
  /// segments at a time, never the one being appended to.
  [[nodiscard]] caf::error forget_through(offset_t offset);

  /// The segments' first offsets, oldest first.
  std::vector<offset_t> segments() const;

private:
  struct segment {
    offset_t first;
    std::string path;
  };

  received_log(std::string dir, uint64_t segment_bytes);

  caf::error scan_last_segment();
  caf::error begin_segment(offset_t first);

  std::string dir_;
  uint64_t segment_bytes_;
  mutable std::mutex mtx_;
  std::vector<segment> segments_;
  int fd_ = -1; // the last segment, appended to
  uint64_t size_ = 0;
  offset_t next_ = 0;
  std::string entry_; // reused between appends
};

} // namespace eddy
