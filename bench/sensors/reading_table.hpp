// The input of the in-memory figures: readings of the job's own generator,
// encoded once up front (JSON or Avro) and cycled through, so that making a
// record is a copy, not the generating, and every figure reads the same
// bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "apps/sensors/sensor_avro.hpp"
#include "apps/sensors/sensor_options.hpp"

namespace eddy::bench {

class reading_table {
public:
  /// `size` readings of sensor_generator (seed 42) drawn over `devices`
  /// sensors, timestamped now, in `format`.
  static reading_table drawn(sensors::input_format format, uint64_t size,
                             int64_t devices);

  /// One reading of each of `devices` sensors, reading j of sensor j
  /// (each made by a generator of that one sensor), in `format`.
  static reading_table one_per_device(sensors::input_format format,
                                      int64_t devices);

  /// Reading `i mod size()`.
  std::string_view at(uint64_t i) const {
    auto n = i % ends_.size();
    auto start = n == 0 ? 0 : ends_[n - 1];
    return {bytes_.data() + start, ends_[n] - start};
  }

  uint64_t size() const noexcept { return ends_.size(); }

  /// The mean size of a reading, bytes.
  double mean_bytes() const noexcept {
    return static_cast<double>(bytes_.size()) / static_cast<double>(size());
  }

  sensors::input_format format() const noexcept { return format_; }

private:
  reading_table(sensors::input_format format, uint64_t size,
                const std::function<sensors::avro_fields(uint64_t)>& fields);

  sensors::input_format format_;
  std::string bytes_; // the readings back to back
  std::vector<uint64_t> ends_;
};

/// "JSON" or "Avro".
std::string name_of(sensors::input_format format);

} // namespace eddy::bench
