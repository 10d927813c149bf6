// Makes the topic's readings and closers and counts the windows the
// readings fall in.
#include "bench/sensors/topic_readings.hpp"

#include <vector>

#include "actors/wall_clock.hpp"

namespace eddy::bench {

namespace {

constexpr uint64_t seed = 42;

/// How far back the readings start: far enough that the closers, a few
/// windows after the last reading, are still in the past (event time's
/// future check refuses readings ahead of the wall clock).
constexpr int64_t start_before_ms = 30 * 60 * 1000;

int64_t window_start(int64_t ms, int64_t window_ms) {
  return ms - ms % window_ms;
}

void encode(const sensors::avro_fields& fields, std::string& key,
            std::string& payload) {
  key = "sensor_" + std::to_string(fields.sensor_id);
  sensors::encode_avro(fields, payload);
}

} // namespace

topic_readings::topic_readings(uint64_t readings, int64_t devices,
                               std::chrono::milliseconds window)
    : readings_(readings), devices_(devices), window_ms_(window.count()),
      first_ms_(window_start(wall_clock_ms() - start_before_ms, window_ms_)),
      generate_({seed, devices, 0}) {
  auto last_window = window_start(event_time_of(readings - 1), window_ms_);
  closer_ms_ = last_window + 2 * window_ms_;
}

int64_t topic_readings::event_time_of(uint64_t i) const {
  return first_ms_ + static_cast<int64_t>(i * 1000 / event_readings_per_second);
}

void topic_readings::make(uint64_t i, std::string& key,
                          std::string& payload) const {
  encode(generate_.fields(i, event_time_of(i)), key, payload);
}

void topic_readings::make_closer(uint64_t d, std::string& key,
                                 std::string& payload) const {
  // A generator of one sensor, number d.
  sensors::sensor_generator closer{{seed, 1, static_cast<int64_t>(d)}};
  encode(closer.fields(readings_ + d, closer_ms_), key, payload);
}

uint64_t topic_readings::windows() const {
  auto span = static_cast<uint64_t>(
      (event_time_of(readings_ - 1) - first_ms_) / window_ms_ + 1);
  std::vector<bool> seen(span * static_cast<uint64_t>(devices_));
  uint64_t count = 0;
  for (uint64_t i = 0; i < readings_; ++i) {
    auto fields = generate_.fields(i, 0);
    auto window =
        static_cast<uint64_t>((event_time_of(i) - first_ms_) / window_ms_);
    auto slot = window * static_cast<uint64_t>(devices_) +
                static_cast<uint64_t>(fields.sensor_id);
    if (!seen[slot]) {
      seen[slot] = true;
      ++count;
    }
  }
  return count;
}

} // namespace eddy::bench
