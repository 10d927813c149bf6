// Deterministic pseudo-random transactions, as the seed's generator makes.
#include "connectors/transaction_generator.hpp"

#include <cmath>
#include <numbers>

namespace eddy {

namespace {

// splitmix64: a fast, well-mixed hash of a counter.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A stream of uniform doubles in (0, 1) for one record.
class uniform_stream {
public:
  explicit uniform_stream(uint64_t state) : state_(state) {}
  double next() {
    state_ = mix(state_);
    return (static_cast<double>(state_ >> 11) + 0.5) * 0x1.0p-53;
  }

private:
  uint64_t state_;
};

std::string item_name(int64_t n) {
  return "item_" + std::to_string(n);
}

// An item number in [1, num_items]: Pareto(scale = num_items, shape) minus
// the scale, as the seed samples, redrawn while it exceeds num_items.
int64_t skewed_item(uniform_stream& rnd, int64_t num_items, double shape) {
  auto scale = static_cast<double>(num_items);
  for (;;) {
    auto sample = scale * (std::pow(rnd.next(), -1.0 / shape) - 1.0);
    auto item = static_cast<int64_t>(std::llround(sample)) + 1;
    if (item <= num_items)
      return item;
  }
}

} // namespace

item_transaction transaction_generator::operator()(offset_t index,
                                                   int64_t ts) const {
  uniform_stream rnd{seed ^ mix(static_cast<uint64_t>(index))};
  auto item = skewed_item(rnd, num_items, pareto_shape);
  // Box-Muller: one standard normal sample from two uniforms.
  auto gauss = std::sqrt(-2.0 * std::log(rnd.next())) *
               std::cos(2.0 * std::numbers::pi * rnd.next());
  auto quantity = static_cast<int32_t>(std::lround(gauss / 2 * 10) * 10 + 5);
  return {index, ts, item_name(item), quantity};
}

query transaction_generator::make_query(offset_t index) const {
  uniform_stream rnd{~seed ^ mix(static_cast<uint64_t>(index))};
  return {index, item_name(skewed_item(rnd, num_items, pareto_shape))};
}

} // namespace eddy
