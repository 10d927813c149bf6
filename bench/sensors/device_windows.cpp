// Adds readings to their device's window in a std::unordered_map.
#include "bench/sensors/device_windows.hpp"

#include "actors/wall_clock.hpp"

namespace eddy::bench {

void device_window::add(const sensors::reading& r) {
  if (readings++ == 0) {
    device_type = r.device_type;
    customer_id = r.customer_id;
    site_id = r.site_id;
  }
  temperature.add(r.temperature);
  humidity.add(r.humidity);
  pressure.add(r.pressure);
  co2_level.add(r.co2_level);
  noise_level.add(r.noise_level);
  light_level.add(r.light_level);
  battery_level.add(r.battery_level);
  signal_strength.add(r.signal_strength);
  motion += r.motion_detected == 1 ? 1 : 0;
  status_sum += r.status;
  errors += r.error_count;
  packets_sent += r.packets_sent;
  packets_received += r.packets_received;
  bytes_sent += r.bytes_sent;
  bytes_received += r.bytes_received;
}

bool device_window::is_alert(const sensors::thresholds& limits) const {
  return temperature.max > limits.temperature_above ||
         humidity.max > limits.humidity_above ||
         battery_level.min < limits.battery_below;
}

device_windows::device_windows(const sensors::options& opts,
                               sensors::decoder decode)
    : window_ms_(opts.window.size.count()), limits_(opts.alert_limits),
      decode_(std::move(decode)) {}

bool device_windows::add(std::string_view bytes) {
  auto r = decode_(bytes);
  if (!r)
    return false;
  if (added_++ % clock_stride == 0) {
    auto now = wall_clock_ms();
    window_start_ms_ = now - now % window_ms_;
  }
  auto& window = windows_[std::move(r->device_id)];
  if (window.readings > 0 && window.start_ms != window_start_ms_) {
    ++closed_;
    alerts_ += window.is_alert(limits_) ? 1 : 0;
    window = device_window{};
  }
  window.start_ms = window_start_ms_;
  window.add(*r);
  return true;
}

} // namespace eddy::bench
