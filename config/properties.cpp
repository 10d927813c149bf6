// Parses .properties text line by line; errors name the file and the line.
#include "config/properties.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

constexpr std::string_view blanks = " \t\f";

std::string_view trim_left(std::string_view text) {
  auto first = text.find_first_not_of(blanks);
  return first == std::string_view::npos ? std::string_view{}
                                         : text.substr(first);
}

std::string_view trim(std::string_view text) {
  text = trim_left(text);
  auto last = text.find_last_not_of(blanks);
  return text.substr(0, last + 1); // npos + 1 == 0 for an empty text
}

bool ends_in_odd_backslashes(std::string_view text) {
  size_t count = 0;
  while (count < text.size() && text[text.size() - 1 - count] == '\\')
    ++count;
  return count % 2 == 1;
}

caf::error line_error(std::string problem, std::string_view origin,
                      size_t line) {
  problem += " (from ";
  problem += origin;
  problem += " line ";
  problem += std::to_string(line);
  problem += ')';
  return make_error(ec::invalid_config, std::move(problem));
}

} // namespace

caf::expected<std::vector<property>> parse_properties(std::string_view text,
                                                      std::string_view origin) {
  if (text.starts_with("\xef\xbb\xbf"))
    text.remove_prefix(3);
  std::vector<property> result;
  std::string logical; // the entry being assembled from continuation lines
  size_t entry_line = 0;
  bool continues = false;
  size_t line_number = 0;
  while (!text.empty()) {
    auto newline = text.find('\n');
    auto line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                         : newline + 1);
    ++line_number;
    if (line.ends_with('\r'))
      line.remove_suffix(1);
    line = trim_left(line);
    if (!continues) {
      if (line.empty() || line.front() == '#' || line.front() == '!')
        continue;
      logical.clear();
      entry_line = line_number;
    }
    continues = ends_in_odd_backslashes(line);
    if (continues)
      line.remove_suffix(1);
    logical += line;
    if (continues && !text.empty())
      continue;
    continues = false;
    std::string_view entry = logical;
    auto equals = entry.find('=');
    if (equals == std::string_view::npos)
      return line_error("expected key=value, got " +
                            quoted_excerpt(trim(entry)),
                        origin, entry_line);
    auto key = trim(entry.substr(0, equals));
    if (key.empty())
      return line_error("expected a key before '=', got " +
                            quoted_excerpt(trim(entry)),
                        origin, entry_line);
    for (const auto& earlier : result)
      if (earlier.key == key)
        return line_error("configuration key '" + std::string{key} +
                              "' is set twice, first on line " +
                              std::to_string(earlier.line),
                          origin, entry_line);
    result.push_back(property{std::string{key},
                              std::string{trim(entry.substr(equals + 1))},
                              entry_line});
  }
  return result;
}

caf::expected<std::vector<property>>
read_properties_file(const std::string& path) {
  auto fail = [&](int code) {
    return make_error(ec::invalid_config, "cannot read configuration file '" +
                                              path +
                                              "': " + std::strerror(code));
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr)
    return fail(errno);
  std::string text;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0)
    text.append(buf, n);
  bool failed = std::ferror(file) != 0;
  int code = errno;
  std::fclose(file);
  if (failed)
    return fail(code);
  return parse_properties(text, path);
}

} // namespace eddy
