// Where a sink actor writes: the interface each output connector implements
// (stdout, file, and in tests a collecting writer).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "caf/expected.hpp"

namespace eddy {

template <class T>
class record_writer {
public:
  virtual ~record_writer() = default;

  /// Writes `records` in order. Fails with ec::connector_failure naming the
  /// destination; the caller keeps the records and tries again later.
  [[nodiscard]] virtual caf::expected<void>
  write(const std::vector<T>& records) = 0;

  /// Makes written records durable or visible (e.g. flushes a file).
  [[nodiscard]] virtual caf::expected<void> flush() = 0;

  /// Whether write() only hands records over and delivery completes in the
  /// background (Kafka), so that flush() waits for the network: the sink
  /// then flushes only at checkpoints, at an explicit flush and when too
  /// many records wait, instead of after every write.
  virtual bool delivers_in_background() const { return false; }

  /// Whether written records become visible only at commit(): the sink then
  /// commits once per completed checkpoint (exactly-once output) instead of
  /// after every write.
  virtual bool transactional() const { return false; }

  /// Transactional writers: called by the sink once everything that came
  /// before checkpoint `checkpoint_id`'s barriers is written and flushed,
  /// before it lets the barrier pass (again for each barrier of the same
  /// id: then it covers what was written since). Makes durable what
  /// commit() needs to make that checkpoint's records visible later, even
  /// after a crash: recover() commits it then. A failure is a failed write:
  /// the sink reports it and tries again, and the checkpoint waits.
  [[nodiscard]] virtual caf::expected<void> prepare(int64_t checkpoint_id) {
    static_cast<void>(checkpoint_id);
    return caf::unit;
  }

  /// Transactional writers: makes everything written since the last commit
  /// visible at once and starts the next transaction.
  [[nodiscard]] virtual caf::expected<void> commit() { return caf::unit; }

  /// Transactional writers: discards everything written since the last
  /// commit and starts the next transaction.
  [[nodiscard]] virtual caf::expected<void> abort() { return caf::unit; }

  /// Called once before the sink starts, with the id of the checkpoint the
  /// job restores from (0: a fresh start). Commits what that checkpoint's
  /// prepare() covered if a crash came before the commit, and discards what
  /// was written after it: the job replays that. Checkpoint ids continue
  /// after the restored one, so a crashed run's prepared ids above it are
  /// forgotten (they are used again). A failure fails the job's start.
  [[nodiscard]] virtual caf::expected<void>
  recover(int64_t restored_checkpoint) {
    static_cast<void>(restored_checkpoint);
    return caf::unit;
  }
};

} // namespace eddy

namespace eddy {

/// A writer for outputs nobody asked for: counts them and drops them.
template <class T>
class discarding_writer final : public record_writer<T> {
public:
  caf::expected<void> write(const std::vector<T>& records) override {
    discarded_ += records.size();
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

  uint64_t discarded() const noexcept { return discarded_; }

private:
  uint64_t discarded_ = 0;
};

/// A writer that hands each batch the sink writes to `board->add(records)`:
/// how a job's dashboard figures see an output (a restarted partition's
/// repeats are dropped by the sink before it, so nothing counts twice).
template <class T, class Board>
class board_writer final : public record_writer<T> {
public:
  explicit board_writer(std::shared_ptr<Board> board)
      : board_(std::move(board)) {}

  caf::expected<void> write(const std::vector<T>& records) override {
    board_->add(records);
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

private:
  std::shared_ptr<Board> board_;
};

} // namespace eddy
