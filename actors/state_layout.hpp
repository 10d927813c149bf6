// How partition state and positions are laid out as RocksDB keys within an
// operator's column family: single values under 'k' + key group + key, whole
// key groups under 'g' + key group, map state entries under 'e' + key group
// + entry (so a partition restores by scanning its groups), positions under
// 'p' + partition; windows below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "messages/stream.hpp"

namespace eddy::layout {

inline void append_u32(std::string& out, uint32_t x) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((x >> shift) & 0xFF));
}

inline uint32_t read_u32(std::string_view in) {
  uint32_t x = 0;
  for (size_t i = 0; i < 4; ++i)
    x = (x << 8) | static_cast<unsigned char>(in[i]);
  return x;
}

/// What a key group's storage keys begin with: one letter per kind.
enum class group_kind : char {
  value = 'k',
  /// A key erased since its group was last written whole, which a restore
  /// must not bring back.
  deletion_mark = 'x',
  /// A map state entry (see runtime/map_state.hpp) of a key of the group.
  map_entry = 'e',
};

/// Sets `out` to the storage key of `key` of `kind` in `group`, reusing
/// its buffer (a checkpoint makes a million keys).
inline void assign_group_key(std::string& out, group_kind kind, uint32_t group,
                             std::string_view key) {
  out.assign(1, static_cast<char>(kind));
  append_u32(out, group);
  out.append(key);
}

/// The prefix of every key of `kind` in `group`.
inline std::string group_prefix(group_kind kind, uint32_t group) {
  std::string out;
  assign_group_key(out, kind, group, {});
  return out;
}

/// The prefix of every value in one key group.
inline std::string group_prefix(uint32_t group) {
  return group_prefix(group_kind::value, group);
}

/// Sets `out` to the storage key of `key` in `group`.
inline void assign_value_key(std::string& out, uint32_t group,
                             std::string_view key) {
  assign_group_key(out, group_kind::value, group, key);
}

/// The prefix of the deletion marks of one key group.
inline std::string deleted_prefix(uint32_t group) {
  return group_prefix(group_kind::deletion_mark, group);
}

/// Sets `out` to the deletion mark of `key` in `group`.
inline void assign_deleted_key(std::string& out, uint32_t group,
                               std::string_view key) {
  assign_group_key(out, group_kind::deletion_mark, group, key);
}

/// The storage key of `key` in `group`.
inline std::string value_key(uint32_t group, std::string_view key) {
  std::string out;
  assign_value_key(out, group, key);
  return out;
}

/// The storage key of every value of `group` in one (see
/// partition_state::take_snapshot).
inline std::string group_values_key(uint32_t group) {
  std::string out{"g"};
  append_u32(out, group);
  return out;
}

/// Whether a table of `size` keys, `changed` of them changed since the last
/// checkpoint, is written whole (one value per key group or window) rather
/// than key by key. A key written alone costs RocksDB about 0.5 us of
/// sorting, flushing and compacting, one inside a whole value about 40 ns
/// of encoding: whole writes take less CPU from a twelfth changed. But they
/// also rewrite the unchanged keys, more bytes to log, hold in memtables and
/// compact; from an eighth (a checkpoint at full speed changes a fifth of
/// the generator's skewed items) they take half the CPU for at most eight
/// times the bytes. A few thousand keys cost little either way and go one
/// by one.
inline bool write_whole(size_t changed, size_t size) {
  return changed >= 4096 && changed * 8 >= size;
}

/// Appends one key and value to a group's values.
inline void append_entry(std::string& out, std::string_view key,
                         std::string_view value) {
  append_u32(out, static_cast<uint32_t>(key.size()));
  out.append(key);
  append_u32(out, static_cast<uint32_t>(value.size()));
  out.append(value);
}

/// Calls `visit(key, value)` for each entry of a group's values; false if
/// they end early (a damaged value).
template <class F>
bool for_each_entry(std::string_view values, F&& visit) {
  auto take = [&](std::string_view& field) {
    if (values.size() < 4 || values.size() - 4 < read_u32(values))
      return false;
    auto size = read_u32(values);
    field = values.substr(4, size);
    values.remove_prefix(4 + size);
    return true;
  };
  while (!values.empty()) {
    std::string_view key;
    std::string_view value;
    if (!take(key) || !take(value))
      return false;
    visit(key, value);
  }
  return true;
}

/// The user key stored under a value key.
inline std::string_view user_key(std::string_view storage_key) {
  return storage_key.substr(5);
}

/// The prefix of every position persisted by `partition`.
inline std::string position_prefix(int32_t partition) {
  std::string out{"p"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

/// The storage key of one source partition's position.
inline std::string position_key(int32_t partition, const source_partition& sp) {
  auto out = position_prefix(partition);
  append_u32(out, static_cast<uint32_t>(sp.partition));
  out.append(sp.source);
  return out;
}

/// The source partition named by a position key.
inline source_partition position_source(std::string_view storage_key) {
  return {std::string{storage_key.substr(9)},
          static_cast<int32_t>(read_u32(storage_key.substr(5)))};
}

} // namespace eddy::layout

namespace eddy::layout {

/// Where a partition records the checkpoint its persisted state belongs to.
inline std::string checkpoint_key(int32_t partition) {
  std::string out{"c"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

/// Where a partition records how many keys it held at its last checkpoint,
/// so a restore sizes its table once.
inline std::string key_count_key(int32_t partition) {
  std::string out{"n"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

/// Where the shape of the key space (partitions, key groups) is recorded,
/// so a restart with another shape is refused instead of misrouting state.
inline std::string shape_key() {
  return "mshape";
}

/// The prefix of the open windows of window operator `partition`.
inline std::string window_prefix(int32_t partition) {
  std::string out{"w"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

/// Window ends in key order: the sign bit flipped, big-endian.
inline void append_end(std::string& out, int64_t end) {
  auto x = static_cast<uint64_t>(end) ^ (uint64_t{1} << 63);
  append_u32(out, static_cast<uint32_t>(x >> 32));
  append_u32(out, static_cast<uint32_t>(x));
}

inline int64_t read_end(std::string_view in) {
  auto x = (uint64_t{read_u32(in)} << 32) | read_u32(in.substr(4));
  return static_cast<int64_t>(x ^ (uint64_t{1} << 63));
}

/// Sets `out` to the storage key of the accumulator of `key` in the window
/// ending at `end`, reusing its buffer.
inline void assign_window_key(std::string& out, int32_t partition, int64_t end,
                              std::string_view key) {
  out.assign(1, 'w');
  append_u32(out, static_cast<uint32_t>(partition));
  append_end(out, end);
  out.append(key);
}

/// The storage key of the accumulator of `key` in the window ending at
/// `end`.
inline std::string window_key(int32_t partition, int64_t end,
                              std::string_view key) {
  std::string out;
  assign_window_key(out, partition, end, key);
  return out;
}

/// The first storage key after every window ending at or before `end`.
inline std::string window_key_after(int32_t partition, int64_t end) {
  auto out = window_prefix(partition);
  append_end(out, end + 1);
  return out;
}

/// The prefix of the whole windows of window operator `partition`: one
/// value per window, written when most of its keys changed.
inline std::string whole_window_prefix(int32_t partition) {
  std::string out{"v"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

/// The storage key of every accumulator of the window ending at `end`, in
/// one value.
inline std::string whole_window_key(int32_t partition, int64_t end) {
  auto out = whole_window_prefix(partition);
  append_end(out, end);
  return out;
}

/// Where a window operator records its watermark.
inline std::string watermark_key(int32_t partition) {
  std::string out{"m"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

} // namespace eddy::layout
