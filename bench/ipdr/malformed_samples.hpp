// IPDRs broken in a field the job does not read: what a parser that checks
// the whole document refuses and one that reads only its fields may let
// through (bad JSON must become a dead letter, not a record).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy::bench {

struct malformed_sample {
  std::string defect; // e.g. "a letter in a number"
  std::string json;
};

/// `record` (a valid IPDR as ipdr_generator writes it) with one defect
/// each: a bad number, escape, literal, UTF-8 byte or control character,
/// a missing array element or colon, an extra comma, trailing content, a
/// missing closing brace.
std::vector<malformed_sample> malformed_samples(std::string_view record);

} // namespace eddy::bench
