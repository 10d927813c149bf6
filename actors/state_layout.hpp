// How partition state and positions are laid out as RocksDB keys within an
// operator's column family: values under 'k' + key group (so a partition
// restores by scanning its groups), positions under 'p' + partition.
#pragma once

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

/// The prefix of every value in one key group.
inline std::string group_prefix(uint32_t group) {
  std::string out{"k"};
  append_u32(out, group);
  return out;
}

/// The storage key of `key` in `group`.
inline std::string value_key(uint32_t group, std::string_view key) {
  auto out = group_prefix(group);
  out.append(key);
  return out;
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

/// The storage key of the accumulator of `key` in the window ending at
/// `end`.
inline std::string window_key(int32_t partition, int64_t end,
                              std::string_view key) {
  auto out = window_prefix(partition);
  append_end(out, end);
  out.append(key);
  return out;
}

/// The first storage key after every window ending at or before `end`.
inline std::string window_key_after(int32_t partition, int64_t end) {
  auto out = window_prefix(partition);
  append_end(out, end + 1);
  return out;
}

/// Where a window operator records its watermark.
inline std::string watermark_key(int32_t partition) {
  std::string out{"m"};
  append_u32(out, static_cast<uint32_t>(partition));
  return out;
}

} // namespace eddy::layout
