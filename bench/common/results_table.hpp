// What the figures measured and the Markdown table of their medians.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// How a value reads: a duration, a size, a plain count, records per
/// second, or a data rate (decimal megabytes per second).
enum class unit { ms, bytes, count, per_second, bytes_per_second };

/// One value one run measured, e.g. {"running again", 152.3, unit::ms}.
struct metric {
  std::string name;
  double value = 0;
  unit kind = unit::ms;
};

/// One row of the table: a figure, its size, its target (DESIGN.md), and
/// what each run measured. Every run lists the same metrics in the same
/// order; the first is the figure itself. A figure compared with a
/// baseline names the baseline's row: the table shows the ratio of their
/// medians, both measured in the same invocation.
struct figure_result {
  std::string name;
  uint64_t items = 0;
  std::string target;
  std::vector<std::vector<metric>> runs{};
  std::string baseline{};
};

/// The median of `values` (the mean of the middle two for an even count);
/// 0 if empty.
double median(std::vector<double> values);

/// `value` for a reader: "412 ms", "3.20 s", "12.4 MiB", "100,000",
/// "3.52M/s", "612 MB/s".
std::string format(double value, unit kind);

/// | figure | items | median | vs baseline | target | runs | details |,
/// with the median of every metric over the runs; the details name the
/// other metrics.
std::string markdown_table(const std::vector<figure_result>& figures);

/// What a program prints on stdout: a blank line, "`program`, DATE, N
/// cores, median of `repeat` run(s)`details`" (e.g. details ", 5 s each"),
/// ", --set K=V" for each of `settings`, a blank line and the
/// markdown_table of `figures`.
std::string printed_tables(std::string_view program, int repeat,
                           std::string_view details,
                           const setting_list& settings,
                           const std::vector<figure_result>& figures);

} // namespace eddy::bench
