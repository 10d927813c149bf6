// The manifest of a rolling file output, as text.
#include "connectors/files/part_manifest.hpp"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

#include "connectors/files/durable_io.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

constexpr std::string_view header = "eddy part manifest 1";
constexpr std::string_view checkpoint_word = "checkpoint ";

template <class Int>
bool parse_number(std::string_view text, Int& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && !text.empty() &&
         end == text.data() + text.size();
}

// Adds one line after the header to `entries`; false if it is malformed.
bool add_line(std::string_view line,
              std::vector<prepared_checkpoint>& entries) {
  if (line.starts_with(checkpoint_word)) {
    auto& entry = entries.emplace_back();
    return parse_number(line.substr(checkpoint_word.size()), entry.id);
  }
  auto space = line.rfind(' ');
  if (entries.empty() || space == std::string_view::npos || space == 0)
    return false;
  part_extent part{std::string{line.substr(0, space)}, 0};
  if (!parse_number(line.substr(space + 1), part.length))
    return false;
  entries.back().parts.push_back(std::move(part));
  return true;
}

} // namespace

std::string encode_manifest(const std::vector<prepared_checkpoint>& entries) {
  std::string text{header};
  text += '\n';
  for (auto& entry : entries) {
    text += checkpoint_word;
    text += std::to_string(entry.id);
    text += '\n';
    for (auto& part : entry.parts) {
      text += part.name;
      text += ' ';
      text += std::to_string(part.length);
      text += '\n';
    }
  }
  return text;
}

caf::expected<std::vector<prepared_checkpoint>>
decode_manifest(std::string_view text, const std::string& path) {
  std::vector<prepared_checkpoint> entries;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    auto is_valid = line_number == 1 ? line == header : add_line(line, entries);
    if (!is_valid)
      return make_error(ec::connector_failure,
                        "the manifest " + path + " is malformed at line " +
                            std::to_string(line_number) + ": '" +
                            std::string{line} + "'");
  }
  if (line_number == 0)
    return make_error(ec::connector_failure,
                      "the manifest " + path + " is empty");
  return entries;
}

caf::expected<std::vector<prepared_checkpoint>>
read_manifest(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    std::error_code reason{errno, std::generic_category()};
    if (reason == std::errc::no_such_file_or_directory)
      return std::vector<prepared_checkpoint>{};
    return file_failure("read", path, reason);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return file_failure("read", path,
                        std::make_error_code(std::errc::io_error));
  return decode_manifest(text.str(), path);
}

caf::expected<void>
write_manifest(const std::string& path,
               const std::vector<prepared_checkpoint>& entries) {
  return replace_file(path, encode_manifest(entries));
}

} // namespace eddy
