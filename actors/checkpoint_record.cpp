// Writes and reads the checkpoint record; see checkpoint_record.hpp.
#include "actors/checkpoint_record.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "messages/error.hpp"

namespace eddy {

namespace {

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

caf::error bad_record(std::string_view origin, size_t line,
                      std::string_view text) {
  return make_error(ec::storage_failure,
                    "cannot decode the checkpoint record in " +
                        std::string{origin} + ", line " + std::to_string(line) +
                        ": '" + std::string{text} + "'");
}

/// `ms` in whole milliseconds, as the record's integer holds them. A
/// duration decoded from a record may be at the edge of int64_t, where its
/// double rounds to 2^63: converting that would be undefined behaviour.
int64_t whole_ms(double ms) {
  if (std::isnan(ms))
    return 0;
  if (ms >= 0x1p63)
    return std::numeric_limits<int64_t>::max();
  if (ms < -0x1p63)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(ms);
}

} // namespace

std::string encode_checkpoint_record(const checkpoint_status& status) {
  auto out = std::to_string(status.id) + ' ' +
             std::to_string(status.started_ms) + ' ' +
             std::to_string(whole_ms(status.duration_ms)) + ' ' +
             std::to_string(status.bytes) + '\n';
  for (auto& pos : status.positions)
    out += pos.source + '\t' + std::to_string(pos.partition) + '\t' +
           std::to_string(pos.offset) + '\n';
  return out;
}

caf::expected<checkpoint_status>
decode_checkpoint_record(std::string_view text, std::string_view origin) {
  checkpoint_status result;
  result.kind = checkpoint_kind::checkpoint;
  result.outcome = checkpoint_outcome::completed;
  std::string_view rest = text;
  size_t line_no = 0;
  while (!rest.empty()) {
    auto eol = rest.find('\n');
    auto line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{}
                                         : rest.substr(eol + 1);
    if (++line_no == 1) {
      int64_t duration = 0;
      auto f1 = line.find(' ');
      auto f2 = line.find(' ', f1 + 1);
      auto f3 = line.find(' ', f2 + 1);
      if (f3 == std::string_view::npos ||
          !parse_int(line.substr(0, f1), result.id) ||
          !parse_int(line.substr(f1 + 1, f2 - f1 - 1), result.started_ms) ||
          !parse_int(line.substr(f2 + 1, f3 - f2 - 1), duration) ||
          !parse_int(line.substr(f3 + 1), result.bytes))
        return bad_record(origin, line_no, line);
      result.duration_ms = static_cast<double>(duration);
      continue;
    }
    // From the right: a source's name may hold tabs (an MQTT topic can).
    auto tab2 = line.rfind('\t');
    auto tab1 = tab2 == 0 || tab2 == std::string_view::npos
                    ? std::string_view::npos
                    : line.rfind('\t', tab2 - 1);
    source_offset pos;
    if (tab1 == std::string_view::npos ||
        !parse_int(line.substr(tab1 + 1, tab2 - tab1 - 1), pos.partition) ||
        !parse_int(line.substr(tab2 + 1), pos.offset))
      return bad_record(origin, line_no, line);
    pos.source = std::string{line.substr(0, tab1)};
    result.positions.push_back(std::move(pos));
  }
  if (line_no == 0)
    return bad_record(origin, 1, "");
  return result;
}

} // namespace eddy
