// splitmix64 (Steele, Lea, Flood 2014): the generators draw every field of
// record number i from a hash of (seed, i), so that any record can be made
// on its own, on any thread, the same every time.
#pragma once

#include <cstdint>

namespace eddy::splitmix64 {

/// The increment between successive states.
inline constexpr uint64_t golden_gamma = 0x9e3779b97f4a7c15;

/// The finaliser: a well-mixed 64-bit hash of `z`.
constexpr uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

} // namespace eddy::splitmix64
