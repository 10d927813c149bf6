// eddy-gen: writes the seed's inventory transactions (tab-delimited, one per
// line) to stdout at a target rate, printing the achieved rate to stderr.
// Pipe it into `nc -lk 9999` to feed Eddy's socket source.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "connectors/transaction_generator.hpp"
#include "messages/tab_codec.hpp"

namespace {

struct options {
  int64_t num_items = 1000;
  uint64_t rate = 1000; // records per second, 0 = unlimited
  int64_t count = -1;   // records to write, -1 = forever
  uint64_t seed = 42;
  double queries = 0; // share of queries among the records
};

const char* usage = "usage: eddy-gen [--num-items N] [--rate R] [--count C] "
                    "[--seed S] [--queries SHARE]\n"
                    "  writes inventory transactions (and, with --queries, "
                    "queries) to stdout;\n"
                    "  --rate 0 writes as fast as possible, --count -1 "
                    "forever\n";

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

bool parse(int argc, char** argv, options& opts) {
  for (int i = 1; i < argc; i += 2) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc)
      return false;
    std::string_view value = argv[i + 1];
    bool ok = flag == "--num-items"
                  ? parse_number(value, opts.num_items) && opts.num_items > 0
              : flag == "--rate"    ? parse_number(value, opts.rate)
              : flag == "--count"   ? parse_number(value, opts.count)
              : flag == "--seed"    ? parse_number(value, opts.seed)
              : flag == "--queries" ? parse_number(value, opts.queries) &&
                                          opts.queries >= 0 && opts.queries <= 1
                                    : false;
    if (!ok) {
      std::cerr << "eddy-gen: bad option " << flag << ' ' << value << '\n';
      return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  if (!parse(argc, argv, opts)) {
    std::cerr << usage;
    return 2;
  }
  using clock = std::chrono::steady_clock;
  eddy::transaction_generator make{opts.seed, opts.num_items};
  auto started = clock::now();
  auto last_report = started;
  int64_t written = 0;
  int64_t reported = 0;
  std::string line;
  // Queries are spread evenly: one after every `query_every` transactions.
  auto query_every =
      opts.queries > 0 ? static_cast<int64_t>(1.0 / opts.queries) : int64_t{0};
  while (opts.count < 0 || written < opts.count) {
    if (opts.rate > 0) {
      auto due = static_cast<int64_t>(
          std::chrono::duration<double>(clock::now() - started).count() *
          static_cast<double>(opts.rate));
      if (written >= due) {
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
        continue;
      }
    }
    line.clear();
    if (query_every > 0 && written % query_every == query_every - 1)
      eddy::format(make.make_query(written), line);
    else
      eddy::format(
          make(written, std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()),
          line);
    line.push_back('\n');
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size())
      return 0; // the reader went away
    ++written;
    auto now = clock::now();
    if (now - last_report >= std::chrono::seconds{1}) {
      auto secs = std::chrono::duration<double>(now - last_report).count();
      std::cerr << "eddy-gen: " << written << " records, "
                << static_cast<int64_t>((written - reported) / secs)
                << " records/s\n";
      last_report = now;
      reported = written;
    }
  }
  std::fflush(stdout);
  std::cerr << "eddy-gen: " << written << " records written\n";
  return 0;
}
