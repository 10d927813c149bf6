// eddy-check: proves a run exact by recomputing it from its input: the
// inventory job from its transaction log, or (`eddy-check ipdr ...`) the
// IPDR rollup from its IPDR records. Prints one line; exits 0 (exact), 1
// (differs) or 2 (an input could not be read, or a bad option).
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "apps/eddy-check/checker.hpp"
#include "apps/eddy-check/ipdr_checker.hpp"
#include "messages/error.hpp"

namespace {

using namespace eddy;

// Parses `args` with `parse`, runs the check with `run` and prints its
// verdict; answers the exit code.
template <class Parse, class Run>
int run_and_print(const std::vector<std::string_view>& args, Parse parse,
                  std::string_view usage, Run run) {
  auto opts = parse(args);
  if (!opts) {
    std::cerr << "eddy-check: " << describe(opts.error()) << "\n" << usage;
    return 2;
  }
  if (opts->wants_help) {
    std::cout << usage;
    return 0;
  }
  auto report = run(*opts);
  if (!report) {
    std::cerr << "eddy-check: " << describe(report.error()) << '\n';
    return 2;
  }
  std::cout << report->summary() << std::endl;
  return report->is_exact() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string_view> args{argv + 1, argv + argc};
    if (!args.empty() && args.front() == "ipdr")
      return run_and_print(
          {args.begin() + 1, args.end()}, check::parse_ipdr_command_line,
          check::ipdr_usage,
          [](auto& opts) { return check::run_ipdr_check(opts); });
    return run_and_print(args, check::parse_command_line, check::usage,
                         check::run_check);
  } catch (const std::exception& ex) {
    std::cerr << "eddy-check: " << ex.what() << '\n';
    return 2;
  }
}
