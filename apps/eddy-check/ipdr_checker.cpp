// Runs the IPDR check: the input recomputed, then the output compared, each
// streamed.
#include "apps/eddy-check/ipdr_checker.hpp"

#include <iostream>

#include "apps/eddy-check/error_context.hpp"
#include "apps/eddy-check/ipdr_comparison.hpp"
#include "apps/eddy-check/ipdr_records.hpp"
#include "apps/eddy-check/record_log.hpp"
#include "apps/eddy-check/time_zone.hpp"
#include "messages/error.hpp"

namespace eddy::check {

namespace {

// How much of a line an example quotes.
constexpr size_t quoted_bytes = 80;

// `why` the line is wrong, and the line's start in quotes.
std::string why_and_line(const caf::error& why, std::string_view line) {
  return describe(why) + ": '" + std::string{line.substr(0, quoted_bytes)} +
         (line.size() > quoted_bytes ? "...'" : "'");
}

caf::error recompute(const log_source& input, const kafka_access& kafka,
                     const time_zone& zone, ipdr_comparison& comparison,
                     std::string& first_skipped) {
  auto read = read_log_showing_progress(
      input, kafka, "input", [&](std::string_view line) -> caf::error {
        auto record = read_ipdr_input(line);
        if (!record) {
          if (first_skipped.empty())
            first_skipped = why_and_line(record.error(), line);
          comparison.skip_input();
          return {};
        }
        auto hour = zone.hour_of_wall_time(record->from_wall_seconds);
        if (!hour)
          return hour.error();
        comparison.add_input(*record, *hour);
        return {};
      });
  return read ? caf::error{} : read.error();
}

caf::error compare_output(const log_source& output, const kafka_access& kafka,
                          ipdr_comparison& comparison) {
  auto read = read_log_showing_progress(
      output, kafka, "output", [&](std::string_view line) {
        if (auto record = read_ipdr_output(line))
          comparison.add_output(*record);
        else
          comparison.add_malformed_output(why_and_line(record.error(), line));
        return caf::error{};
      });
  return read ? caf::error{} : read.error();
}

} // namespace

caf::expected<ipdr_report> run_ipdr_check(const ipdr_check_options& opts,
                                          std::ostream* notes) {
  auto zone = time_zone::load(opts.time_zone);
  if (!zone)
    return in_context(zone.error(), "--time-zone");
  kafka_access kafka{opts.bootstrap, opts.is_read_committed};
  ipdr_comparison comparison{opts.scn};
  std::string first_skipped;
  if (auto err = recompute(log_source::parse(opts.input), kafka, *zone,
                           comparison, first_skipped))
    return err;
  if (!first_skipped.empty())
    *(notes != nullptr ? notes : &std::cerr)
        << "eddy-check: skipped "
        << counted(comparison.report().totals.skipped, "input record",
                   "input records")
        << " the job dead-letters, the first: " << first_skipped << '\n';
  if (auto err =
          compare_output(log_source::parse(opts.output), kafka, comparison))
    return err;
  return comparison.finish();
}

} // namespace eddy::check
