// Durable keyed state on RocksDB: one column family per operator, atomic
// multi-key writes. RocksDB types stay inside state_store.cpp.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

namespace eddy {

class state_store {
public:
  /// One key to write in a column family.
  struct put {
    std::string column_family;
    std::string key;
    std::string value;
  };

  /// Opens (creating if needed) the store in `dir` with the given column
  /// families besides "default". Fails with ec::storage_failure naming the
  /// directory, e.g. when another process holds its lock. Compactions wait
  /// for start_compactions().
  [[nodiscard]] static caf::expected<std::shared_ptr<state_store>>
  open(const std::string& dir, const std::vector<std::string>& column_families);

  /// Starts the background compactions that open() held back: a start
  /// restores its state on every core first (a compaction pending after a
  /// kill -9 took 40% of the CPU of the restore). Until called, files only
  /// accumulate. Thread-safe.
  [[nodiscard]] caf::expected<void> start_compactions();

  ~state_store();
  state_store(const state_store&) = delete;
  state_store& operator=(const state_store&) = delete;

  /// The keys in [begin, end) of a column family, to delete.
  struct erase_range {
    std::string column_family;
    std::string begin;
    std::string end;
  };

  /// Writes every put and deletes every range in one atomic batch (all or
  /// none survive a crash). Thread-safe.
  [[nodiscard]] caf::expected<void>
  write(const std::vector<put>& puts,
        const std::vector<erase_range>& erasures = {});

  /// Writes a consistent copy of the store to `dir` (a RocksDB checkpoint:
  /// hard links where it can); `dir` must not exist yet. Thread-safe.
  [[nodiscard]] caf::expected<void> copy_to(const std::string& dir) const;

  /// Calls `visit(key, value)` for each key starting with `prefix` in
  /// `column_family`, in key order. Thread-safe.
  [[nodiscard]] caf::expected<void>
  scan(const std::string& column_family, std::string_view prefix,
       const std::function<void(std::string_view, std::string_view)>& visit)
      const;

  /// The same for each of `prefixes` in turn, with one iterator: opening
  /// one sorts the unflushed writes (the memtable is a vector, see
  /// state_store.cpp), so a restore opens one, not one per key group.
  [[nodiscard]] caf::expected<void>
  scan(const std::string& column_family,
       const std::vector<std::string>& prefixes,
       const std::function<void(std::string_view, std::string_view)>& visit)
      const;

  /// Reads one key; an empty optional if it is absent. Thread-safe.
  [[nodiscard]] caf::expected<std::optional<std::string>>
  get(const std::string& column_family, std::string_view key) const;

  /// The directory the store lives in.
  const std::string& dir() const noexcept;

private:
  struct impl;
  explicit state_store(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
