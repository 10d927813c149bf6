// Fuzzes what the routes take from a request target (web/request_target,
// web/percent_decode and the decoders over it): the split into path, query
// parameters and segments, %XX decoding, and the job names, item ids and
// dashboard file paths decoded from URLs. The input is a target.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "apps/inventory/item_id.hpp"
#include "messages/tab_codec.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "web/job_name.hpp"
#include "web/percent_decode.hpp"
#include "web/request_target.hpp"
#include "web/static_path.hpp"

namespace {

using namespace eddy;
using namespace eddy::web;
using eddy::fuzz::check;

/// Every byte as %XX.
std::string percent_encode(std::string_view bytes) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out;
  for (auto c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += hex[byte >> 4];
    out += hex[byte & 0xf];
  }
  return out;
}

void check_split(std::string_view target) {
  auto parts = split_target(target);
  auto whole = std::string{parts.path};
  if (parts.path.size() < target.size())
    whole += '?' + std::string{parts.query};
  check(whole == target, "path and query make up the target");
  std::string joined;
  for (auto segment : split_segments(parts.path)) {
    joined += segment;
    joined += '/';
  }
  joined.pop_back(); // a path has one segment at least
  check(joined == parts.path, "the segments make up the path");
  for (auto value : parts.values_of("ids"))
    check(value.find('&') == std::string_view::npos,
          "a query value ends at '&'");
}

void check_decoders(std::string_view raw) {
  if (auto decoded = percent_decode(raw)) {
    check(decoded->size() <= raw.size(), "decoding never lengthens");
    auto again = percent_decode(percent_encode(*decoded));
    check(again && *again == *decoded, "decoding undoes encoding");
  }
  if (auto name = decode_job_name(raw))
    check(is_valid_item_id(*name), "a job name is valid UTF-8 text");
  if (auto id = decode_item_id(raw))
    check(is_valid_item_id(*id), "an item id from a URL is valid");
  if (auto path = decode_static_path(raw)) {
    for (auto segment : split_segments(*path))
      check(!segment.empty() && segment.front() != '.',
            "a dashboard path has no empty, hidden or parent segment");
    for (auto c : *path)
      check((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
                c == '/',
            "a dashboard path holds only letters, digits, . - _ and /");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto target = eddy::fuzz::text_of(data, size);
  check_split(target);
  check_decoders(target);
  // As the routes see them: one segment, one query value.
  auto parts = split_target(target);
  for (auto segment : split_segments(parts.path))
    check_decoders(segment);
  auto raw = std::string{eddy::fuzz::text_of(data, size)};
  auto again = percent_decode(percent_encode(raw));
  check(again && *again == raw, "any bytes survive encoding and decoding");
  return 0;
}
