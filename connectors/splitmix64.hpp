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

/// The draws of one stream (e.g. a sensor's levels, or one record's
/// values): draw k is a hash of (seed, stream, key, k), so the draws need
/// no state and no order.
class draws {
public:
  constexpr draws(uint64_t seed, uint64_t stream, uint64_t key)
      : base_(mix(mix(seed + stream * golden_gamma) + key)) {}

  /// Uniform in [0, 1).
  constexpr double unit(uint64_t k) const {
    return static_cast<double>(bits(k) >> 11) * 0x1.0p-53;
  }

  /// Uniform in [low, high).
  constexpr double between(uint64_t k, double low, double high) const {
    return low + unit(k) * (high - low);
  }

  /// Uniform in [0, bound) (bound > 0), by Lemire's multiply-shift.
  constexpr uint64_t below(uint64_t k, uint64_t bound) const {
    return static_cast<uint64_t>(
        (static_cast<unsigned __int128>(bits(k)) * bound) >> 64);
  }

private:
  constexpr uint64_t bits(uint64_t k) const {
    return mix(base_ + (k + 1) * golden_gamma);
  }

  uint64_t base_;
};

} // namespace eddy::splitmix64
