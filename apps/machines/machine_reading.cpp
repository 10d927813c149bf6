// Names, keys and the JSON of machine readings.
#include "apps/machines/machine_reading.hpp"

#include "messages/json_text.hpp"

namespace eddy::machines {

role role_of(std::string_view quantity) noexcept {
  if (quantity.starts_with(torque_prefix))
    return role::torque;
  if (quantity.starts_with(speed_prefix))
    return role::speed;
  return role::other;
}

std::string_view channel_of(std::string_view quantity) noexcept {
  switch (role_of(quantity)) {
  case role::torque:
    return quantity.substr(torque_prefix.size());
  case role::speed:
    return quantity.substr(speed_prefix.size());
  case role::other:
    break;
  }
  return {};
}

reading make_power(std::string_view thing, std::string_view channel,
                   int64_t time_ms, double watts) {
  std::string quantity{power_prefix};
  quantity.append(channel);
  return {std::string{thing}, std::move(quantity), time_ms, watts,
          route::power};
}

void format_key(const reading& r, std::string& out) {
  out.append(r.thing).append(1, '.').append(r.quantity);
}

void format_json(const reading& r, std::string& out) {
  using namespace json_text;
  out += '{';
  append_name("thing", out);
  append_string(r.thing, out);
  append_name("quantity", out);
  append_string(r.quantity, out);
  append_name("phenomenonTime", out);
  append_number(r.time_ms, out);
  append_name("result", out);
  append_number(r.result, out);
  out += '}';
}

} // namespace eddy::machines
