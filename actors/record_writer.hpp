// Where a sink actor writes: the interface each output connector implements
// (stdout, file, and in tests a collecting writer).
#pragma once

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

  /// Transactional writers: makes everything written since the last commit
  /// visible at once and starts the next transaction.
  [[nodiscard]] virtual caf::expected<void> commit() { return caf::unit; }

  /// Transactional writers: discards everything written since the last
  /// commit and starts the next transaction.
  [[nodiscard]] virtual caf::expected<void> abort() { return caf::unit; }
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

} // namespace eddy
