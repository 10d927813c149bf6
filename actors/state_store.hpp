// Durable keyed state on RocksDB: one column family per operator, atomic
// multi-key writes. RocksDB types stay inside state_store.cpp.
#pragma once

#include <cstdint>
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

  /// Puts and range deletions for one atomic write, kept in order in one
  /// buffer: a checkpoint adds up to a million keys, and two strings per
  /// key cost two allocations each on the partition and two frees on the
  /// writer's thread.
  class batch {
  public:
    /// What one operation does.
    enum class op_kind : uint8_t { put, erase, erase_range };

    void put(std::string_view column_family, std::string_view key,
             std::string_view value) {
      add(op_kind::put, column_family, key, value);
    }

    /// Deletes one key of a column family.
    void erase(std::string_view column_family, std::string_view key) {
      add(op_kind::erase, column_family, key, {});
    }

    /// Deletes the keys in [begin, end) of a column family.
    void erase_range(std::string_view column_family, std::string_view begin,
                     std::string_view end) {
      add(op_kind::erase_range, column_family, begin, end);
    }

    /// Calls `visit(kind, column_family, key or begin, value or end)` for
    /// each operation, in the order added.
    template <class F>
    void for_each(F&& visit) const {
      for (auto& op : ops_) {
        std::string_view first{data_.data() + op.offset, op.first_size};
        std::string_view second{first.data() + op.first_size, op.second_size};
        visit(op.kind, std::string_view{families_[op.family]}, first, second);
      }
    }

    /// Key and value bytes of the puts.
    uint64_t bytes() const noexcept { return put_bytes_; }

    size_t size() const noexcept { return ops_.size(); }

  private:
    struct operation {
      op_kind kind;
      uint32_t family;
      size_t offset;
      uint32_t first_size;
      uint32_t second_size;
    };

    void add(op_kind kind, std::string_view column_family,
             std::string_view first, std::string_view second) {
      ops_.push_back({kind, family_index(column_family), data_.size(),
                      static_cast<uint32_t>(first.size()),
                      static_cast<uint32_t>(second.size())});
      data_.append(first).append(second);
      if (kind == op_kind::put)
        put_bytes_ += first.size() + second.size();
    }

    // Operations come in runs of one family: compare with the last first.
    uint32_t family_index(std::string_view name) {
      if (!families_.empty() && families_[last_family_] == name)
        return last_family_;
      for (uint32_t i = 0; i < families_.size(); ++i)
        if (families_[i] == name)
          return last_family_ = i;
      families_.emplace_back(name);
      return last_family_ = static_cast<uint32_t>(families_.size() - 1);
    }

    std::vector<std::string> families_;
    uint32_t last_family_ = 0;
    std::vector<operation> ops_;
    std::string data_;
    uint64_t put_bytes_ = 0;
  };

  /// Writes a batch atomically (all or none of it survives a crash).
  /// Thread-safe.
  [[nodiscard]] caf::expected<void> write(const batch& operations);

  /// Writes every put and deletes every range in one atomic batch, the
  /// deletions first. Thread-safe.
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
