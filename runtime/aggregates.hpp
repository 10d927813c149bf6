// Named, reusable aggregates for windows (count, sum, min, max, avg, stats,
// first, last), combined into one accumulator that a window keeps per (key,
// window), persists at checkpoints and shows as JSON, so that jobs stop
// writing accumulators and their codecs by hand.
//
//   struct ipdr {
//     std::string subscriber, host;
//     int64_t ds_octets;
//     double rtt_ms;
//   };
//   auto usage = aggregate_of<ipdr>(
//     agg::count("readings"),
//     agg::sum("usage", [](const ipdr& r) { return r.ds_octets; }),
//     agg::avg("rtt", &ipdr::rtt_ms),
//     agg::last("host", &ipdr::host));
//   decltype(usage)::accumulator acc{}; // one per (key, window): empty
//   usage.add(acc, record);
//   usage.to_json(acc); // {"host":"cmts-7","readings":1,"rtt":9.5,...}
//   // A closed window: results() is a tuple, for std::apply.
//   auto finish = [](std::string_view key, window w, int64_t n,
//                    int64_t bytes, double rtt, std::string host) {...};
//   usage.apply_results(finish, acc, key, w); // finish(key, w, n, ...)
//
// An extractor is anything std::invoke can call with `const In&`: a lambda
// or function taking `const In&` (or `In`, or `const auto&`), or a pointer
// to a data member of `In` (which also spares copying a string per record).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "caf/expected.hpp"

#include "messages/error.hpp"
#include "runtime/value_codec.hpp"

namespace eddy::agg {

/// The running state of an average: the sum and how many values it holds.
template <class Sum>
struct average {
  Sum total{};
  int64_t count = 0;

  bool operator==(const average&) const = default;
};

/// The least, greatest and mean of numbers (agg::stats): its running state
/// and its result. Empty (count 0) until a value comes, so that min and max
/// start from the first value (not from a sentinel that hides negatives).
struct statistics {
  double min = 0.0;
  double max = 0.0;
  double total = 0.0;
  int64_t count = 0;

  void add(double x) noexcept {
    min = count == 0 || x < min ? x : min;
    max = count == 0 || x > max ? x : max;
    total += x;
    ++count;
  }

  /// The mean; 0 when empty.
  double avg() const noexcept {
    return count == 0 ? 0.0 : total / static_cast<double>(count);
  }

  bool operator==(const statistics&) const = default;
};

/// The state of the part number `I` of an accumulator.
template <size_t I, class S>
struct part_state {
  S value{};

  bool operator==(const part_state&) const = default;
};

template <class Indices, class... S>
struct basic_states;

/// An accumulator: each part's state, in order. A plain aggregate rather
/// than a std::tuple, which is not trivially copyable: this one is when
/// every state is (counts, sums, numeric min/max/first/last, averages).
template <size_t... I, class... S>
struct basic_states<std::index_sequence<I...>, S...> : part_state<I, S>... {
  bool operator==(const basic_states&) const = default;
};

template <class... S>
using states = basic_states<std::index_sequence_for<S...>, S...>;

/// The state of part `I` of an accumulator.
template <size_t I, class S>
S& get(part_state<I, S>& x) noexcept {
  return x.value;
}

template <size_t I, class S>
const S& get(const part_state<I, S>& x) noexcept {
  return x.value;
}

namespace detail {

/// What a part keeps of an extracted value: strings (std::string_view,
/// const char*, std::string) as std::string, anything else as it is.
template <class R>
using stored_t =
    std::conditional_t<std::is_convertible_v<R, std::string_view> &&
                           !std::is_arithmetic_v<std::remove_cvref_t<R>>,
                       std::string, std::remove_cvref_t<R>>;

/// What the extractor `F` gives for an `In`, as kept.
template <class F, class In>
using value_t = stored_t<std::invoke_result_t<const F&, const In&>>;

template <class V>
concept number = std::is_arithmetic_v<V> && !std::same_as<V, bool>;

template <class V>
concept ordered = codable<V> && std::totally_ordered<V>;

/// What sums of `V` are kept and reported as.
template <number V>
using sum_t = std::conditional_t<std::is_floating_point_v<V>, double, int64_t>;

/// total + x, wrapping around on overflow instead of the undefined
/// behaviour of signed overflow.
template <class Sum, class V>
Sum plus(Sum total, V x) {
  if constexpr (std::is_floating_point_v<Sum>)
    return total + static_cast<Sum>(x);
  else
    return static_cast<Sum>(static_cast<uint64_t>(total) +
                            static_cast<uint64_t>(x));
}

/// Sets `state` to `x`, reusing a held string's capacity.
template <class V, class X>
void assign(std::optional<V>& state, X&& x) {
  if (state)
    *state = std::forward<X>(x);
  else
    state.emplace(std::forward<X>(x));
}

/// A part's name and, for all but count, its extractor.
template <class F>
class extracting_part {
public:
  extracting_part(std::string name, F extract)
      : name_(std::move(name)), extract_(std::move(extract)) {}

  std::string_view name() const noexcept { return name_; }

  template <class In>
  static constexpr bool is_callable_with =
      std::is_invocable_v<const F&, const In&>;

protected:
  template <class In>
  decltype(auto) extract(const In& in) const {
    return std::invoke(extract_, in);
  }

private:
  std::string name_;
  F extract_;
};

/// The JSON of an optional state: null when no record came.
template <class V>
nlohmann::json optional_json(const std::optional<V>& state) {
  return state ? nlohmann::json(value_codec<V>::to_json(*state))
               : nlohmann::json();
}

} // namespace detail

// Each part provides, for the records `In` it aggregates:
//   name(), kind (for error messages),
//   is_callable_with<In>, is_valid_for<In> (checked by aggregate_of),
//   state_t<In> (value-initialized = no record), result_t<In>,
//   add(state&, const In&), result<In>(state), to_json<In>(state).
// A part's result of an empty state is its value-initialized result.

/// How many records.
class count_part {
public:
  static constexpr std::string_view kind = "count";

  explicit count_part(std::string name) : name_(std::move(name)) {}

  std::string_view name() const noexcept { return name_; }

  template <class In>
  static constexpr bool is_callable_with = true;

  template <class In>
  static constexpr bool is_valid_for = true;

  template <class In>
  using state_t = int64_t;

  template <class In>
  using result_t = int64_t;

  // Wraps around as sums do: a count restored from a checkpoint may be
  // anything, and ++ past INT64_MAX would be undefined behaviour.
  template <class In>
  void add(int64_t& n, const In&) const {
    n = detail::plus(n, 1);
  }

  template <class In>
  int64_t result(int64_t n) const {
    return n;
  }

  template <class In>
  nlohmann::json to_json(int64_t n) const {
    return n;
  }

private:
  std::string name_;
};

/// The sum of a number: int64_t for integers, double for floating point.
template <class F>
class sum_part : public detail::extracting_part<F> {
public:
  static constexpr std::string_view kind = "sum";

  using detail::extracting_part<F>::extracting_part;

  template <class In>
  static constexpr bool is_valid_for = detail::number<detail::value_t<F, In>>;

  template <class In>
  using state_t = detail::sum_t<detail::value_t<F, In>>;

  template <class In>
  using result_t = state_t<In>;

  template <class In>
  void add(state_t<In>& total, const In& in) const {
    total = detail::plus(total, this->extract(in));
  }

  template <class In>
  result_t<In> result(state_t<In> total) const {
    return total;
  }

  template <class In>
  nlohmann::json to_json(state_t<In> total) const {
    return total;
  }
};

/// The least (`is_max` false) or greatest value by `<`: numbers, strings,
/// anything ordered that value_codec encodes.
template <class F, bool is_max>
class extreme_part : public detail::extracting_part<F> {
public:
  static constexpr std::string_view kind = is_max ? "max" : "min";

  using detail::extracting_part<F>::extracting_part;

  template <class In>
  static constexpr bool is_valid_for = detail::ordered<detail::value_t<F, In>>;

  template <class In>
  using state_t = std::optional<detail::value_t<F, In>>;

  template <class In>
  using result_t = detail::value_t<F, In>;

  template <class In>
  void add(state_t<In>& extreme, const In& in) const {
    decltype(auto) x = this->extract(in);
    bool is_new = false;
    if constexpr (is_max)
      is_new = !extreme || *extreme < x;
    else
      is_new = !extreme || x < *extreme;
    if (is_new)
      detail::assign(extreme, std::forward<decltype(x)>(x));
  }

  template <class In>
  result_t<In> result(const state_t<In>& extreme) const {
    return extreme ? *extreme : result_t<In>{};
  }

  template <class In>
  nlohmann::json to_json(const state_t<In>& extreme) const {
    return detail::optional_json(extreme);
  }
};

/// The arithmetic mean of a number, as double.
template <class F>
class avg_part : public detail::extracting_part<F> {
public:
  static constexpr std::string_view kind = "avg";

  using detail::extracting_part<F>::extracting_part;

  template <class In>
  static constexpr bool is_valid_for = detail::number<detail::value_t<F, In>>;

  // Integers are summed exactly, as sum does, and divided at the end.
  template <class In>
  using state_t = average<detail::sum_t<detail::value_t<F, In>>>;

  template <class In>
  using result_t = double;

  template <class In>
  void add(state_t<In>& avg, const In& in) const {
    avg.total = detail::plus(avg.total, this->extract(in));
    avg.count = detail::plus(avg.count, 1); // wraps, as count's add does
  }

  template <class In>
  double result(const state_t<In>& avg) const {
    if (avg.count == 0)
      return 0.0;
    return static_cast<double>(avg.total) / static_cast<double>(avg.count);
  }

  template <class In>
  nlohmann::json to_json(const state_t<In>& avg) const {
    if (avg.count == 0)
      return nullptr;
    return result<In>(avg);
  }
};

/// The least, greatest and mean of a number together, as one
/// agg::statistics: one part instead of three where a job wants all three.
template <class F>
class stats_part : public detail::extracting_part<F> {
public:
  static constexpr std::string_view kind = "stats";

  using detail::extracting_part<F>::extracting_part;

  template <class In>
  static constexpr bool is_valid_for = detail::number<detail::value_t<F, In>>;

  template <class In>
  using state_t = statistics;

  template <class In>
  using result_t = statistics;

  template <class In>
  void add(statistics& s, const In& in) const {
    s.add(static_cast<double>(this->extract(in)));
  }

  template <class In>
  const statistics& result(const statistics& s) const {
    return s;
  }

  template <class In>
  nlohmann::json to_json(const statistics& s) const {
    if (s.count == 0)
      return nullptr;
    return {{"min", s.min}, {"max", s.max}, {"avg", s.avg()}};
  }
};

/// The value of the first (`is_last` false) or last record in the order
/// they were added (arrival, not event time order).
template <class F, bool is_last>
class edge_part : public detail::extracting_part<F> {
public:
  static constexpr std::string_view kind = is_last ? "last" : "first";

  using detail::extracting_part<F>::extracting_part;

  template <class In>
  static constexpr bool is_valid_for = codable<detail::value_t<F, In>>;

  template <class In>
  using state_t = std::optional<detail::value_t<F, In>>;

  template <class In>
  using result_t = detail::value_t<F, In>;

  template <class In>
  void add(state_t<In>& edge, const In& in) const {
    // Not even extracted once the first is known.
    if constexpr (is_last)
      detail::assign(edge, this->extract(in));
    else if (!edge)
      edge.emplace(this->extract(in));
  }

  template <class In>
  result_t<In> result(const state_t<In>& edge) const {
    return edge ? *edge : result_t<In>{};
  }

  template <class In>
  nlohmann::json to_json(const state_t<In>& edge) const {
    return detail::optional_json(edge);
  }
};

/// Counts the records.
inline count_part count(std::string name) {
  return count_part{std::move(name)};
}

/// Sums `extract(record)`: int64_t for integers (wrapping on overflow),
/// double for floating point.
template <class F>
sum_part<F> sum(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// The least `extract(record)` by `<` (numbers, strings).
template <class F>
extreme_part<F, false> min(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// The greatest `extract(record)` by `<` (numbers, strings).
template <class F>
extreme_part<F, true> max(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// The mean of `extract(record)` (numbers), as double.
template <class F>
avg_part<F> avg(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// The least, greatest and mean of `extract(record)` (numbers, as double),
/// as one agg::statistics.
template <class F>
stats_part<F> stats(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// `extract` of the first record added.
template <class F>
edge_part<F, false> first(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

/// `extract` of the last record added.
template <class F>
edge_part<F, true> last(std::string name, F extract) {
  return {std::move(name), std::move(extract)};
}

} // namespace eddy::agg

namespace eddy {

/// Statistics are persisted as min, max, total, count.
template <>
struct value_codec<agg::statistics> {
  static void encode(const agg::statistics& x, std::string& out) {
    for (auto v : {x.min, x.max, x.total})
      value_codec<double>::encode(v, out);
    value_codec<int64_t>::encode(x.count, out);
  }

  static caf::expected<agg::statistics> decode(std::string_view& in) {
    agg::statistics x;
    for (auto* v : {&x.min, &x.max, &x.total}) {
      auto read = value_codec<double>::decode(in);
      if (!read)
        return read.error();
      *v = *read;
    }
    auto count = value_codec<int64_t>::decode(in);
    if (!count)
      return count.error();
    x.count = *count;
    return x;
  }

  static nlohmann::json to_json(const agg::statistics& x) {
    return {
        {"min", x.min}, {"max", x.max}, {"total", x.total}, {"count", x.count}};
  }

  static std::string name() { return "statistics"; }
};

/// The average's state is persisted as its sum then its count.
template <class Sum>
struct value_codec<agg::average<Sum>> {
  static void encode(const agg::average<Sum>& x, std::string& out) {
    value_codec<Sum>::encode(x.total, out);
    value_codec<int64_t>::encode(x.count, out);
  }

  static caf::expected<agg::average<Sum>> decode(std::string_view& in) {
    auto total = value_codec<Sum>::decode(in);
    if (!total)
      return total.error();
    auto count = value_codec<int64_t>::decode(in);
    if (!count)
      return count.error();
    return agg::average<Sum>{*total, *count};
  }

  static nlohmann::json to_json(const agg::average<Sum>& x) {
    return {{"total", value_codec<Sum>::to_json(x.total)}, {"count", x.count}};
  }

  static std::string name() {
    return "average<" + value_codec<Sum>::name() + ">";
  }
};

/// Parts combined over records of type `In`: made by aggregate_of. Meets
/// what window_operator asks of a Logic's accumulator (value-initialized
/// empty, static encode/decode), so a window's logic can forward to it.
template <class In, class... Parts>
class aggregate {
public:
  using input = In;

  /// Each part's state in order; value-initialized (`accumulator{}`) it
  /// holds no record.
  using accumulator = agg::states<typename Parts::template state_t<In>...>;

  /// Each part's result in order, as results() gives them.
  using results_type = std::tuple<typename Parts::template result_t<In>...>;

  explicit aggregate(Parts... parts) : parts_(std::move(parts)...) {}

  /// Adds `in` to every part of `acc`.
  void add(accumulator& acc, const In& in) const {
    for_each_part(
        [&]<size_t I>(const auto& part) { part.add(agg::get<I>(acc), in); });
  }

  /// Sets `out` to the bytes of `acc` (reusing its capacity): each part's
  /// state in order, through value_codec.
  static void encode(const accumulator& acc, std::string& out) {
    out.clear();
    [&]<size_t... I>(std::index_sequence<I...>) {
      (value_codec<state_t<I>>::encode(agg::get<I>(acc), out), ...);
    }
    (indices{});
  }

  /// Reads what encode wrote. Fails with ec::storage_failure, naming the
  /// part and what is wrong, when the bytes end early, are not the states
  /// of these parts, or bytes remain after them.
  [[nodiscard]] static caf::expected<accumulator>
  decode(std::string_view bytes) {
    accumulator acc{};
    caf::error failure;
    auto size = bytes.size();
    auto decode_part = [&]<size_t I>() {
      auto state = value_codec<state_t<I>>::decode(bytes);
      if (!state) {
        failure = make_error(ec::storage_failure,
                             "cannot decode part " + std::to_string(I + 1) +
                                 " of " + std::to_string(sizeof...(Parts)) +
                                 " (" + std::string{part_t<I>::kind} +
                                 ") of an aggregate from " +
                                 detail::byte_count(size) + ": " +
                                 detail::context_of(state.error()));
        return false;
      }
      agg::get<I>(acc) = std::move(*state);
      return true;
    };
    [&]<size_t... I>(std::index_sequence<I...>) {
      (decode_part.template operator()<I>() && ...);
    }
    (indices{});
    if (failure)
      return failure;
    if (!bytes.empty())
      return make_error(ec::storage_failure,
                        detail::byte_count(bytes.size()) + " left after the " +
                            std::to_string(sizeof...(Parts)) +
                            " parts of an aggregate in " +
                            detail::byte_count(size));
    return acc;
  }

  /// Each part's result in order (see agg::count and the others for their
  /// types); an empty part's result is value-initialized.
  results_type results(const accumulator& acc) const {
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return results_type{
          std::get<I>(parts_).template result<In>(agg::get<I>(acc))...};
    }
    (indices{});
  }

  /// Calls `f(leading..., results...)`: how a job finishes a window, e.g.
  /// `apply_results(finish, acc, key, window)`.
  template <class F, class... Leading>
  decltype(auto) apply_results(F&& f, const accumulator& acc,
                               Leading&&... leading) const {
    return std::apply(
        [&](auto&&... values) -> decltype(auto) {
          return std::invoke(std::forward<F>(f),
                             std::forward<Leading>(leading)...,
                             std::move(values)...);
        },
        results(acc));
  }

  /// `{"name": result, ...}` by the parts' names: numbers and strings as
  /// such, an average as a number, a min, max, first, last or average
  /// that holds no record as null. Equal names keep the last part's.
  nlohmann::json to_json(const accumulator& acc) const {
    auto result = nlohmann::json::object();
    for_each_part([&]<size_t I>(const auto& part) {
      result[std::string{part.name()}] =
          part.template to_json<In>(agg::get<I>(acc));
    });
    return result;
  }

  /// The parts' names in order (valid as long as this aggregate).
  std::array<std::string_view, sizeof...(Parts)> names() const {
    return std::apply(
        [](const Parts&... parts) {
          return std::array<std::string_view, sizeof...(Parts)>{
              parts.name()...};
        },
        parts_);
  }

private:
  using indices = std::index_sequence_for<Parts...>;

  template <size_t I>
  using part_t = std::tuple_element_t<I, std::tuple<Parts...>>;

  template <size_t I>
  using state_t = typename part_t<I>::template state_t<In>;

  // Calls `f.template operator()<I>(part I)` for every part in order.
  template <class F>
  void for_each_part(F&& f) const {
    [&]<size_t... I>(std::index_sequence<I...>) {
      (f.template operator()<I>(std::get<I>(parts_)), ...);
    }
    (indices{});
  }

  std::tuple<Parts...> parts_;
};

/// Combines `parts` (agg::count, agg::sum, ...) into one aggregate over
/// records of type `In`.
template <class In, class... Parts>
[[nodiscard]] auto aggregate_of(Parts... parts) {
  static_assert(sizeof...(Parts) > 0, "aggregate_of needs at least one part");
  constexpr bool is_callable = (Parts::template is_callable_with<In> && ...);
  static_assert(is_callable,
                "aggregate_of<In>: every extractor must be callable with "
                "`const In&`. Accepted: a lambda or function taking "
                "`const In&`, `In` or `const auto&` (e.g. "
                "[](const In& r) { return r.bytes; }), a function object "
                "with a const operator() taking `const In&`, or a pointer to "
                "a data member or const member function of In (&In::bytes). "
                "Not accepted: one taking `In&` or another record type.");
  // Checked only once callable: the value type needs the call.
  if constexpr (is_callable) {
    constexpr bool is_valid = (Parts::template is_valid_for<In> && ...);
    static_assert(is_valid,
                  "aggregate_of<In>: agg::sum and agg::avg need an extractor "
                  "returning a number (not bool); agg::min and agg::max a "
                  "value ordered by < that value_codec encodes (a number, a "
                  "string); agg::first and agg::last any value that "
                  "value_codec encodes");
    if constexpr (is_valid)
      return aggregate<In, Parts...>{std::move(parts)...};
  }
}

} // namespace eddy
