// eddy-check: proves a run of the inventory job exact by recomputing it from
// its transaction log. Prints one line; exits 0 (exact), 1 (differs) or 2
// (an input could not be read, or a bad option).
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "apps/eddy-check/checker.hpp"
#include "messages/error.hpp"

int main(int argc, char** argv) {
  using namespace eddy;
  try {
    auto opts = check::parse_command_line({argv + 1, argv + argc});
    if (!opts) {
      std::cerr << "eddy-check: " << describe(opts.error()) << "\n"
                << check::usage;
      return 2;
    }
    if (opts->wants_help) {
      std::cout << check::usage;
      return 0;
    }
    auto report = check::run_check(*opts);
    if (!report) {
      std::cerr << "eddy-check: " << describe(report.error()) << '\n';
      return 2;
    }
    std::cout << report->summary() << std::endl;
    return report->is_exact() ? 0 : 1;
  } catch (const std::exception& ex) {
    std::cerr << "eddy-check: " << ex.what() << '\n';
    return 2;
  }
}
