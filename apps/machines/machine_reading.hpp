// One quantity of one machine at one time, as seed 003's stream connector
// splits a machine state into Kafka `machine.data`
// ({"thing","quantity","phenomenonTime","result"}), and the powers the job
// computes from them, in the same shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::machines {

/// Where a reading goes once the join has seen it.
enum class route : uint8_t {
  /// A split quantity, as it came (machine.data).
  data,
  /// A power the join computed (machine.out).
  power,
  /// A torque or speed that came after the watermark passed it: it joins
  /// nothing.
  late,
  /// A torque without a speed of its channel within the bound.
  unmatched,
};

/// What the join makes of a quantity, by its name.
enum class role : uint8_t { other, torque, speed };

inline constexpr std::string_view torque_prefix = "vaTorque_";
inline constexpr std::string_view speed_prefix = "actSpeed_";
inline constexpr std::string_view power_prefix = "vaPower_";

struct reading {
  std::string thing;
  std::string quantity;
  int64_t time_ms = 0;
  double result = 0.0;
  enum route route = route::data;
};

/// Torque, speed or other, by the quantity's prefix.
role role_of(std::string_view quantity) noexcept;

/// The channel of a torque or speed ("C11" of "vaTorque_C11"); empty for
/// other quantities.
std::string_view channel_of(std::string_view quantity) noexcept;

/// The power of `thing`'s `channel` at `time_ms` (quantity vaPower_<ch>).
reading make_power(std::string_view thing, std::string_view channel,
                   int64_t time_ms, double watts);

/// The Kafka key of a reading, as the seed's connector keys it:
/// "<thing>.<quantity>".
void format_key(const reading& r, std::string& out);

/// Appends {"thing":..,"quantity":..,"phenomenonTime":..,"result":..}; the
/// result in the shortest form that reads back as the same double.
void format_json(const reading& r, std::string& out);

} // namespace eddy::machines
