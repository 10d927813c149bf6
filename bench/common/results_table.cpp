// Medians and the Markdown table.
#include "bench/common/results_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "bench/common/progress.hpp"

namespace eddy::bench {

namespace {

std::string printed(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// The median of metric `i` over the runs of `figure`.
double median_of(const figure_result& figure, size_t i) {
  std::vector<double> values;
  for (auto& run : figure.runs)
    values.push_back(run.at(i).value);
  return median(std::move(values));
}

// "0.93 × map loop" when `figure` names a baseline row in `figures`.
std::string ratio_to_baseline(const figure_result& figure,
                              const std::vector<figure_result>& figures) {
  if (figure.baseline.empty())
    return "";
  auto base = std::find_if(figures.begin(), figures.end(), [&](auto& f) {
    return f.name == figure.baseline && !f.runs.empty();
  });
  if (base == figures.end() || median_of(*base, 0) == 0)
    return "(no " + figure.baseline + ")";
  return printed("%.2f", median_of(figure, 0) / median_of(*base, 0)) + " × " +
         figure.baseline;
}

} // namespace

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  auto mid = values.size() / 2;
  if (values.size() % 2 == 1)
    return values[mid];
  return (values[mid - 1] + values[mid]) / 2;
}

std::string format(double value, unit kind) {
  switch (kind) {
  case unit::ms:
    if (value >= 10000)
      return printed("%.1f s", value / 1000);
    if (value >= 1000)
      return printed("%.2f s", value / 1000);
    if (value >= 10)
      return printed("%.0f ms", value);
    return printed("%.1f ms", value);
  case unit::bytes:
    if (value >= 1024.0 * 1024 * 1024)
      return printed("%.2f GiB", value / (1024.0 * 1024 * 1024));
    if (value >= 1024.0 * 1024)
      return printed("%.1f MiB", value / (1024.0 * 1024));
    if (value >= 1024)
      return printed("%.1f KiB", value / 1024);
    return printed("%.0f B", value);
  case unit::per_second:
    if (value >= 1e6)
      return printed("%.2fM/s", value / 1e6);
    if (value >= 1e3)
      return printed("%.1fk/s", value / 1e3);
    return printed("%.0f/s", value);
  case unit::bytes_per_second:
    return printed("%.0f MB/s", value / 1e6);
  case unit::count:
  default:
    return with_commas(static_cast<uint64_t>(std::llround(value)));
  }
}

std::string markdown_table(const std::vector<figure_result>& figures) {
  std::string out = "| figure | items | median | vs baseline | target | runs "
                    "| details (medians) |\n| --- | ---: | ---: | ---: | ---: "
                    "| ---: | --- |\n";
  for (auto& figure : figures) {
    if (figure.runs.empty())
      continue;
    auto& first = figure.runs.front();
    std::string details;
    for (size_t i = 1; i < first.size(); ++i)
      details += (i > 1 ? "; " : "") + first[i].name + " " +
                 format(median_of(figure, i), first[i].kind);
    out += "| " + figure.name + " | " + with_commas(figure.items) + " | " +
           format(median_of(figure, 0), first[0].kind) + " | " +
           ratio_to_baseline(figure, figures) + " | " + figure.target + " | " +
           std::to_string(figure.runs.size()) + " | " + details + " |\n";
  }
  return out;
}

std::string printed_tables(std::string_view program, int repeat,
                           std::string_view details,
                           const setting_list& settings,
                           const std::vector<figure_result>& figures) {
  auto text = "\n" + std::string{program} + ", " + today() + ", " +
              std::to_string(std::thread::hardware_concurrency()) +
              " cores, median of " + std::to_string(repeat) + " run(s)" +
              std::string{details};
  for (auto& [key, value] : settings)
    text += ", --set " + key + "=" + value;
  return text + "\n\n" + markdown_table(figures);
}

} // namespace eddy::bench
