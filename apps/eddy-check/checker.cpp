// Runs the check: input, then results, then stock, each streamed.
#include "apps/eddy-check/checker.hpp"

#include "apps/eddy-check/error_context.hpp"
#include "apps/eddy-check/expected_run.hpp"
#include "apps/eddy-check/record_log.hpp"
#include "apps/eddy-check/run_comparison.hpp"
#include "apps/eddy-check/stock_reader.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"

namespace eddy::check {

namespace {

// A result is the job's JSON when it starts with '{', else tab-delimited.
caf::expected<transaction_result> parse_result(std::string_view line) {
  if (!line.empty() && line.front() == '{')
    return transaction_result_from_json_text(line);
  return parse_transaction_result(line);
}

caf::expected<expected_run> recompute(const log_source& input,
                                      const kafka_access& kafka) {
  expected_run run;
  auto read = read_log_showing_progress(input, kafka, "input",
                                        [&](std::string_view line) {
                                          auto tx = parse_transaction(line);
                                          if (!tx)
                                            return tx.error();
                                          if (auto added = run.add(*tx); !added)
                                            return added.error();
                                          return caf::error{};
                                        });
  if (!read)
    return read.error();
  if (auto sealed = run.seal(); !sealed)
    return in_context(sealed.error(), "input " + input.name());
  return run;
}

caf::error compare_results(const log_source& results, const kafka_access& kafka,
                           run_comparison& comparison) {
  auto read = read_log_showing_progress(results, kafka, "results",
                                        [&](std::string_view line) {
                                          auto result = parse_result(line);
                                          if (!result)
                                            return result.error();
                                          comparison.add_result(*result);
                                          return caf::error{};
                                        });
  if (!read)
    return read.error();
  comparison.finish_results();
  return {};
}

caf::error compare_stock(const std::string& source, const expected_run& run,
                         run_comparison& comparison) {
  std::vector<std::string> items;
  items.reserve(run.items());
  for (item_index item = 0; item < run.items(); ++item)
    items.push_back(run.item_name(item));
  auto stock = read_stock(source, items);
  if (!stock)
    return in_context(stock.error(), "stock");
  comparison.compare_stock(*stock);
  return {};
}

} // namespace

caf::expected<difference_report> run_check(const check_options& opts) {
  kafka_access kafka{opts.bootstrap, opts.is_read_committed};
  auto run = recompute(log_source::parse(opts.input), kafka);
  if (!run)
    return run.error();
  run_comparison comparison{*run, opts.is_exactly_once};
  if (auto err =
          compare_results(log_source::parse(opts.results), kafka, comparison))
    return err;
  if (!opts.stock.empty())
    if (auto err = compare_stock(opts.stock, *run, comparison))
      return err;
  return comparison.report();
}

} // namespace eddy::check
