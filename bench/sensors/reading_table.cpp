// Encodes the generator's readings once, back to back.
#include "bench/sensors/reading_table.hpp"

#include "actors/wall_clock.hpp"
#include "apps/sensors/sensor_generator.hpp"

namespace eddy::bench {

namespace {

constexpr uint64_t seed = 42;

/// A generous guess at a reading's size (JSON about 150 bytes, Avro about
/// 40), so the buffer grows once.
uint64_t expected_bytes(sensors::input_format format) {
  return format == sensors::input_format::json ? 170 : 48;
}

} // namespace

reading_table reading_table::drawn(sensors::input_format format, uint64_t size,
                                   int64_t devices) {
  sensors::sensor_generator generate{{seed, devices, 0}};
  auto now_ms = wall_clock_ms();
  return {format, size, [&](uint64_t i) { return generate.fields(i, now_ms); }};
}

reading_table reading_table::one_per_device(sensors::input_format format,
                                            int64_t devices) {
  auto now_ms = wall_clock_ms();
  return {
      format, static_cast<uint64_t>(devices), [&](uint64_t j) {
        // A generator of one sensor, number j.
        sensors::sensor_generator sensor{{seed, 1, static_cast<int64_t>(j)}};
        return sensor.fields(j, now_ms);
      }};
}

reading_table::reading_table(
    sensors::input_format format, uint64_t size,
    const std::function<sensors::avro_fields(uint64_t)>& fields)
    : format_(format) {
  bytes_.reserve(size * expected_bytes(format));
  ends_.reserve(size);
  for (uint64_t i = 0; i < size; ++i) {
    if (format == sensors::input_format::json)
      sensors::format_json(fields(i), bytes_);
    else
      sensors::encode_avro(fields(i), bytes_);
    ends_.push_back(bytes_.size());
  }
}

std::string name_of(sensors::input_format format) {
  return format == sensors::input_format::json ? "JSON" : "Avro";
}

} // namespace eddy::bench
