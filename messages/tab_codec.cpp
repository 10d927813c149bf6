// Parses and formats the tab-delimited record lines with std::from_chars and
// std::to_chars: no iostreams, no allocation but the item id and the output.
#include "messages/tab_codec.hpp"

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

constexpr std::string_view ordinals[] = {"1st", "2nd", "3rd",
                                         "4th", "5th", "6th"};

/// One field of a line, with what an error message needs to point at it.
struct field {
  std::string_view text;
  size_t index = 0; // 0-based position among the fields
  size_t byte = 0;  // 1-based position of its first byte in the line
  std::string_view name;
};

/// How a record's line is laid out: its field names and separator.
template <size_t N>
struct layout {
  std::array<std::string_view, N> names;
  std::string_view separator_phrase; // for "expected 4 <phrase>, got 3"
};

constexpr std::string_view tab_separated = "tab-separated fields";

constexpr layout<4> transaction_layout{
    {"transactionId", "ts", "itemId", "quantity"}, tab_separated};
constexpr layout<5> transaction_result_layout{
    {"transactionId", "ts", "itemId", "quantity", "success"}, tab_separated};
constexpr layout<2> query_layout{{"queryId", "itemId"},
                                 "fields separated by a tab or a space"};
constexpr layout<2> item_info_layout{{"itemId", "quantity"}, tab_separated};
constexpr layout<3> query_result_layout{{"queryId", "itemId", "quantity"},
                                        tab_separated};
constexpr layout<6> summary_layout{
    {"itemId", "windowStart", "windowEnd", "succeeded", "failed", "volume"},
    tab_separated};

caf::error field_error(const field& f, std::string_view problem) {
  std::string text;
  text.reserve(64 + problem.size());
  text += "field '";
  text += f.name;
  text += "' (";
  text += ordinals[f.index];
  text += " field, byte ";
  text += std::to_string(f.byte);
  text += "): ";
  text += problem;
  return make_error(ec::malformed_record, std::move(text));
}

/// Drops the line end a reader may have left: "\n", "\r\n" or "\r".
std::string_view strip_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\n')
    line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  return line;
}

/// Splits `line` at every `separator` into `out`; fails unless there are
/// exactly N fields.
template <size_t N>
caf::error split(std::string_view line, char separator, const layout<N>& lay,
                 std::array<field, N>& out) {
  auto count_error = [&](std::string_view got) {
    std::string text = "expected " + std::to_string(N) + " ";
    text += lay.separator_phrase;
    text += ", got ";
    text += got;
    return make_error(ec::malformed_record, std::move(text));
  };
  if (line.empty())
    return count_error("an empty line");
  size_t count = 0;
  size_t start = 0;
  for (;;) {
    auto end = line.find(separator, start);
    auto stop = end == std::string_view::npos ? line.size() : end;
    if (count < N)
      out[count] = field{line.substr(start, stop - start), count, start + 1,
                         lay.names[count]};
    ++count;
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  if (count != N)
    return count_error(std::to_string(count));
  return {};
}

template <class T>
caf::error read_int(const field& f, T& out) {
  const char* first = f.text.data();
  const char* last = first + f.text.size();
  auto [ptr, err] = std::from_chars(first, last, out);
  if (err == std::errc{} && ptr == last)
    return {};
  std::string problem = "expected a " + std::to_string(sizeof(T) * 8) +
                        "-bit integer, got " + quoted_excerpt(f.text);
  if (err == std::errc::result_out_of_range && ptr == last)
    problem += " (out of range)";
  return field_error(f, problem);
}

caf::error read_bool(const field& f, bool& out) {
  if (f.text == "true") {
    out = true;
    return {};
  }
  if (f.text == "false") {
    out = false;
    return {};
  }
  return field_error(f,
                     "expected true or false, got " + quoted_excerpt(f.text));
}

caf::error read_item_id(const field& f, std::string& out) {
  if (auto problem = item_id_problem(f.text))
    return field_error(f, *problem);
  out.assign(f.text);
  return {};
}

/// Reads the four transaction fields that start at `f`.
caf::error read_transaction_fields(const field* f, item_transaction& x) {
  caf::error err;
  if ((err = read_int(f[0], x.transaction_id)) ||
      (err = read_int(f[1], x.ts)) || (err = read_item_id(f[2], x.item_id)) ||
      (err = read_int(f[3], x.quantity)))
    return err;
  return {};
}

template <class T>
void append_int(std::string& out, T value) {
  char buf[24]; // enough for any 64-bit integer with its sign
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, result.ptr);
}

bool is_continuation(unsigned char byte) {
  return (byte & 0xc0) == 0x80;
}

} // namespace

caf::expected<item_transaction> parse_transaction(std::string_view line) {
  std::array<field, 4> f;
  if (auto err = split(strip_line_end(line), '\t', transaction_layout, f))
    return err;
  item_transaction x;
  if (auto err = read_transaction_fields(f.data(), x))
    return err;
  return x;
}

caf::expected<query> parse_query(std::string_view line) {
  line = strip_line_end(line);
  auto separator = line.find('\t') != std::string_view::npos ? '\t' : ' ';
  std::array<field, 2> f;
  if (auto err = split(line, separator, query_layout, f))
    return err;
  query x;
  caf::error err;
  if ((err = read_int(f[0], x.query_id)) ||
      (err = read_item_id(f[1], x.item_id)))
    return err;
  return x;
}

caf::expected<item_info> parse_item_info(std::string_view line) {
  std::array<field, 2> f;
  if (auto err = split(strip_line_end(line), '\t', item_info_layout, f))
    return err;
  item_info x;
  caf::error err;
  if ((err = read_item_id(f[0], x.item_id)) ||
      (err = read_int(f[1], x.quantity)))
    return err;
  return x;
}

caf::expected<transaction_result>
parse_transaction_result(std::string_view line) {
  std::array<field, 5> f;
  if (auto err =
          split(strip_line_end(line), '\t', transaction_result_layout, f))
    return err;
  transaction_result x;
  caf::error err;
  if ((err = read_transaction_fields(f.data(), x.transaction)) ||
      (err = read_bool(f[4], x.success)))
    return err;
  return x;
}

caf::expected<query_result> parse_query_result(std::string_view line) {
  std::array<field, 3> f;
  if (auto err = split(strip_line_end(line), '\t', query_result_layout, f))
    return err;
  query_result x;
  caf::error err;
  if ((err = read_int(f[0], x.query_id)) ||
      (err = read_item_id(f[1], x.item.item_id)) ||
      (err = read_int(f[2], x.item.quantity)))
    return err;
  return x;
}

caf::expected<transaction_summary>
parse_transaction_summary(std::string_view line) {
  std::array<field, 6> f;
  if (auto err = split(strip_line_end(line), '\t', summary_layout, f))
    return err;
  transaction_summary x;
  caf::error err;
  if ((err = read_item_id(f[0], x.item_id)) ||
      (err = read_int(f[1], x.window_start)) ||
      (err = read_int(f[2], x.window_end)) ||
      (err = read_int(f[3], x.succeeded)) || (err = read_int(f[4], x.failed)) ||
      (err = read_int(f[5], x.volume)))
    return err;
  return x;
}

void format(const item_transaction& x, std::string& out) {
  append_int(out, x.transaction_id);
  out += '\t';
  append_int(out, x.ts);
  out += '\t';
  out += x.item_id;
  out += '\t';
  append_int(out, x.quantity);
}

void format(const query& x, std::string& out) {
  append_int(out, x.query_id);
  out += '\t';
  out += x.item_id;
}

void format(const item_info& x, std::string& out) {
  out += x.item_id;
  out += '\t';
  append_int(out, x.quantity);
}

void format(const transaction_result& x, std::string& out) {
  format(x.transaction, out);
  out += x.success ? "\ttrue" : "\tfalse";
}

void format(const query_result& x, std::string& out) {
  append_int(out, x.query_id);
  out += '\t';
  format(x.item, out);
}

void format(const transaction_summary& x, std::string& out) {
  out += x.item_id;
  out += '\t';
  append_int(out, x.window_start);
  out += '\t';
  append_int(out, x.window_end);
  out += '\t';
  append_int(out, x.succeeded);
  out += '\t';
  append_int(out, x.failed);
  out += '\t';
  append_int(out, x.volume);
}

std::optional<std::string> item_id_problem(std::string_view id) {
  if (id.empty())
    return "must not be empty";
  if (id.size() > max_item_id_bytes)
    return "must be at most " + std::to_string(max_item_id_bytes) +
           " bytes, got " + std::to_string(id.size());
  if (!is_valid_item_id(id))
    return "expected UTF-8 text without control characters, got " +
           quoted_excerpt(id);
  return std::nullopt;
}

bool is_valid_item_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > max_item_id_bytes)
    return false;
  const auto* p = reinterpret_cast<const unsigned char*>(id.data());
  const auto* end = p + id.size();
  while (p != end) {
    unsigned char lead = *p;
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f)
        return false;
      ++p;
      continue;
    }
    // The well-formed UTF-8 table of the Unicode standard (table 3-7): the
    // second byte's range depends on the lead byte, which rules out overlong
    // forms, surrogates and code points above U+10FFFF.
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0)
        low = 0xa0;
      else if (lead == 0xed)
        high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0)
        low = 0x90;
      else if (lead == 0xf4)
        high = 0x8f;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) < length || p[1] < low || p[1] > high)
      return false;
    for (size_t i = 2; i < length; ++i)
      if (!is_continuation(p[i]))
        return false;
    p += length;
  }
  return true;
}

void format(const dead_letter& x, std::string& out) {
  out += x.source;
  out += '\t';
  out += x.reason;
  out += '\t';
  out += x.record;
}

} // namespace eddy
