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

reading make_reading(std::string thing, std::string quantity, int64_t time_ms,
                     double result) {
  reading r{std::move(thing), std::move(quantity), time_ms, result, {},
            route::data};
  auto channel = channel_of(r.quantity);
  r.key.reserve(r.thing.size() + 1 + r.quantity.size());
  r.key.append(r.thing).append(1, '.').append(channel.empty() ? r.quantity
                                                              : channel);
  return r;
}

reading make_power(std::string_view thing, std::string_view channel,
                   int64_t time_ms, double watts) {
  std::string quantity{power_prefix};
  quantity.append(channel);
  auto r =
      make_reading(std::string{thing}, std::move(quantity), time_ms, watts);
  r.route = route::power;
  return r;
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
