// Fuzzes how the HTTP front renders job reports and errors
// (web/json_bodies.hpp, web/metrics_text.hpp): reports built from the
// input, with any bytes in their texts (reasons and errors quote what came
// in, item ids are percent-decoded, a job's figures label what it saw) and
// any numbers (NaN, infinities), always render as valid JSON and as
// well-formed Prometheus text.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include "messages/job_status.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "web/json_bodies.hpp"
#include "web/metrics_text.hpp"

namespace {

using namespace eddy;
using eddy::fuzz::check;

/// Builds reports from the input's bytes.
class report_maker {
public:
  explicit report_maker(FuzzedDataProvider& in) : in_(in) {}

  job_status job() {
    job_status x;
    x.name = text();
    x.state = pick<run_state>(4);
    x.failure = text();
    x.delivery = text();
    repeat([&] {
      x.graph.nodes.push_back({text(), text(), number<uint32_t>(), {text()}});
    });
    repeat([&] { x.graph.edges.push_back({text(), text(), text()}); });
    repeat([&] {
      x.partitions.push_back({number<int32_t>(), pick<run_state>(4),
                              number<uint64_t>(), number<uint32_t>(), text(),
                              load()});
    });
    repeat([&] {
      x.windows.push_back(
          {number<int32_t>(), pick<run_state>(4), number<uint64_t>(),
           in_.ConsumeBool() ? std::optional<int64_t>{number<int64_t>()}
                             : std::nullopt,
           load()});
    });
    repeat([&] {
      source_status s{text(),
                      pick<source_state>(7),
                      number<uint64_t>(),
                      number<uint64_t>(),
                      {},
                      load(),
                      text(),
                      {}};
      repeat([&] {
        s.lag.push_back({text(), number<int32_t>(), number<int64_t>()});
      });
      repeat([&] { s.assigned.push_back({text(), number<int32_t>()}); });
      x.sources.push_back(std::move(s));
    });
    repeat([&] {
      x.sinks.push_back({text(), pick<sink_health>(2), number<uint64_t>(),
                         number<uint64_t>(), text(), load()});
    });
    repeat([&] {
      checkpoint_status c{number<int64_t>(),
                          pick<checkpoint_kind>(2),
                          pick<checkpoint_outcome>(2),
                          text(),
                          number<int64_t>(),
                          real(),
                          number<uint64_t>(),
                          {},
                          text()};
      repeat([&] {
        c.positions.push_back({text(), number<int32_t>(), number<int64_t>()});
      });
      x.checkpoints.push_back(std::move(c));
    });
    repeat([&] {
      x.rates.push_back({text(), real(), real(), real(), real()});
    });
    repeat([&] {
      job_figure f{text(), text(), text(), pick<figure_kind>(4), {}};
      repeat([&] { f.points.emplace_back(text(), real()); });
      x.figures.push_back(std::move(f));
    });
    return x;
  }

  std::string text() { return in_.ConsumeRandomLengthString(64); }

private:
  template <class Enum>
  Enum pick(uint8_t count) {
    return static_cast<Enum>(in_.ConsumeIntegralInRange<uint8_t>(0, count - 1));
  }

  template <class T>
  T number() {
    return in_.ConsumeIntegral<T>();
  }

  // Any double, NaN and infinities included.
  double real() { return std::bit_cast<double>(number<uint64_t>()); }

  actor_report load() {
    return {number<uint64_t>(),
            number<uint64_t>(),
            number<uint64_t>(),
            number<uint64_t>(),
            number<uint64_t>(),
            real(),
            real(),
            pick<actor_activity>(3)};
  }

  // Calls `add` 0 to 3 times.
  template <class Add>
  void repeat(Add add) {
    for (auto n = in_.ConsumeIntegralInRange(0, 3); n > 0; --n)
      add();
  }

  FuzzedDataProvider& in_;
};

void check_json(const std::string& body) {
  check(nlohmann::json::accept(body), "a body is valid JSON");
}

/// Whether `line` is `name{label="value",...} number` with every label
/// value quoted and escaped.
bool is_sample_line(std::string_view line) {
  auto brace = line.find('{');
  if (brace == std::string_view::npos || brace == 0)
    return false;
  size_t i = brace + 1;
  for (;;) {
    auto eq = line.find("=\"", i);
    if (eq == std::string_view::npos)
      return false;
    for (i = eq + 2; i < line.size() && line[i] != '"'; ++i)
      if (line[i] == '\\' &&
          (++i == line.size() ||
           std::string_view{"\\\"n"}.find(line[i]) == std::string_view::npos))
        return false;
    if (++i >= line.size())
      return false;
    if (line[i] == '}')
      break;
    if (line[i++] != ',')
      return false;
  }
  return i + 2 < line.size() && line[i + 1] == ' ' &&
         line.find(' ', i + 2) == std::string_view::npos;
}

void check_metrics(const std::string& text) {
  std::string_view rest = text;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    check(end != std::string_view::npos, "every metrics line ends");
    auto line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    check(line.starts_with("# HELP ") || line.starts_with("# TYPE ") ||
              is_sample_line(line),
          "a metrics line is a comment or a sample with escaped labels");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in{data, size};
  report_maker make{in};
  auto code = make.text();
  auto detail = make.text();
  auto job = make.job();
  auto other = make.job();
  check_json(web::job_body(job));
  check_json(web::jobs_body({job, other}));
  check_json(web::error_body(code, detail));
  check_json(web::savepoint_body(detail));
  check_json(web::fault_body(detail));
  check_metrics(web::metrics_text({job, other}));
  return 0;
}
