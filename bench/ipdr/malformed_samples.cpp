// Each defect is a substitution in the generator's exact output, in a field
// the job ignores.
#include "bench/ipdr/malformed_samples.hpp"

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

namespace {

struct defect_spec {
  const char* defect;
  std::string_view from;
  std::string_view to;
};

// clang-format off
constexpr defect_spec unused_field_defects[] = {
  {"a letter in a number",     R"("dsPackets":)",    R"("dsPackets":1x)"},
  {"a number with a leading zero", R"("dsIdentifier":)", R"("dsIdentifier":0)"},
  {"an unknown escape",        R"("region":")",      R"("region":"\q)"},
  {"a byte that is not UTF-8", R"("region":")",      "\"region\":\"\xff"},
  {"a raw control character",  R"("region":")",      "\"region\":\"\t"},
  {"a misspelt literal",       R"("v":)",            R"("x":tru,"v":)"},
  {"a missing array element",  R"("usChSet":[)",     R"("usChSet":[,)"},
  {"a missing colon",          R"("cmIp":{"v4":)",   R"("cmIp":{"v4")"},
  {"an extra comma",           R"(,"region":)",      R"(,,"region":)"},
};
// clang-format on

} // namespace

std::vector<malformed_sample> malformed_samples(std::string_view record) {
  std::vector<malformed_sample> samples;
  for (auto& spec : unused_field_defects) {
    auto at = record.find(spec.from);
    if (at == std::string_view::npos)
      throw bench_failure{"an IPDR without " + std::string{spec.from} +
                          " to break"};
    auto json = std::string{record};
    json.replace(at, spec.from.size(), spec.to);
    samples.push_back({spec.defect, std::move(json)});
  }
  samples.push_back({"trailing content", std::string{record} + "}"});
  samples.push_back({"a missing closing brace",
                     std::string{record.substr(0, record.size() - 1)}});
  return samples;
}

} // namespace eddy::bench
