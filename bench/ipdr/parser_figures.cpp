// Times each parser over the same records and tries it on the malformed
// samples.
#include "bench/ipdr/parser_figures.hpp"

#include <functional>

#include "apps/ipdr/ipdr_parser.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/timed_loop.hpp"
#include "bench/ipdr/malformed_samples.hpp"
#include "bench/ipdr/nlohmann_parser.hpp"
#include "bench/ipdr/ondemand_parser.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using record_parser =
    std::function<caf::expected<ipdr::record>(std::string_view)>;

struct candidate {
  std::string figure;
  record_parser parse;
};

const std::string job_parser_figure = "parse: simdjson DOM (ipdr::parser)";

std::vector<candidate> candidates(const ipdr::local_time_zone& utc) {
  using coverage = ondemand_parser::coverage;
  return {
      {job_parser_figure, ipdr::parser{utc}},
      {"parse: nlohmann::json", nlohmann_parser{utc}},
      {"parse: simdjson On-Demand, 5 fields",
       ondemand_parser{utc, coverage::fields_read}},
      {"parse: simdjson On-Demand, all values",
       ondemand_parser{utc, coverage::every_value}},
  };
}

// The defects of the samples `parse` lets through, comma-separated.
std::string let_through(const record_parser& parse,
                        const std::vector<malformed_sample>& samples) {
  std::string defects;
  for (auto& sample : samples)
    if (parse(sample.json))
      defects += (defects.empty() ? "" : ", ") + sample.defect;
  return defects;
}

uint64_t refused(const record_parser& parse,
                 const std::vector<malformed_sample>& samples) {
  uint64_t n = 0;
  for (auto& sample : samples)
    n += parse(sample.json) ? 0 : 1;
  return n;
}

// The parser's row, compared with the job's parser.
figure_result row_of(const candidate& parser, const ipdr_table& table) {
  auto baseline =
      parser.figure == job_parser_figure ? std::string{} : job_parser_figure;
  return {parser.figure, table.size(), "-", {}, baseline};
}

std::vector<metric> run_once(const ipdr_bench_options& opts,
                             const ipdr_table& table, const candidate& parser,
                             const std::vector<malformed_sample>& samples) {
  int64_t octets = 0; // used, so that no parse is optimised away
  auto rate = records_per_second(opts.measure_time, [&](uint64_t i) {
    auto rec = parser.parse(table.at(i));
    if (!rec)
      throw bench_failure{parser.figure + " refused generated record " +
                          std::to_string(i % table.size()) + ": " +
                          describe(rec.error())};
    octets += rec->octets;
  });
  if (octets <= 0)
    throw bench_failure{parser.figure + " read no octets"};
  return {{"records/s", rate, unit::per_second},
          {"JSON", rate * table.mean_bytes(), unit::bytes_per_second},
          {"malformed refused (of " + std::to_string(samples.size()) + ")",
           static_cast<double>(refused(parser.parse, samples)), unit::count}};
}

} // namespace

std::vector<figure_result> measure_parsers(const ipdr_bench_options& opts,
                                           const ipdr_table& table) {
  auto utc = ipdr::local_time_zone::load("UTC");
  if (!utc)
    throw bench_failure{"cannot load the zone UTC"};
  auto parsers = candidates(*utc);
  auto samples = malformed_samples(table.at(0));
  std::vector<figure_result> rows;
  for (auto& parser : parsers) {
    rows.push_back(row_of(parser, table));
    if (auto missed = let_through(parser.parse, samples); !missed.empty())
      progress(parser.figure + " lets through: " + missed);
  }
  for (int run = 0; run < opts.repeat; ++run)
    for (size_t p = 0; p < parsers.size(); ++p) {
      rows[p].runs.push_back(run_once(opts, table, parsers[p], samples));
      progress(parsers[p].figure + " run " + std::to_string(run + 1) + ": " +
               format(rows[p].runs.back()[0].value, unit::per_second));
    }
  return rows;
}

} // namespace eddy::bench
