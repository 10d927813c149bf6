// The names of a rolling file output's parts.
#include "connectors/files/part_name.hpp"

#include <charconv>
#include <cstdio>

namespace eddy {

namespace {

constexpr std::string_view in_progress_suffix = ".inprogress";

// "<prefix>-<run>-<index>" to its run, if `name` is one.
std::optional<uint64_t> run_of_visible(std::string_view prefix,
                                       std::string_view name) {
  if (name.size() <= prefix.size() + 1 || !name.starts_with(prefix) ||
      name[prefix.size()] != '-')
    return std::nullopt;
  name.remove_prefix(prefix.size() + 1);
  uint64_t run = 0;
  auto [end, err] =
      std::from_chars(name.data(), name.data() + name.size(), run);
  if (err != std::errc{} || end == name.data() + name.size() || *end != '-')
    return std::nullopt;
  auto index_text = std::string_view{end + 1, name.data() + name.size()};
  uint64_t index = 0;
  auto [index_end, index_err] = std::from_chars(
      index_text.data(), index_text.data() + index_text.size(), index);
  if (index_err != std::errc{} || index_text.empty() ||
      index_end != index_text.data() + index_text.size())
    return std::nullopt;
  return run;
}

// ".<visible>.inprogress" to "<visible>", if `file` has that form.
std::optional<std::string_view> hidden_to_visible(std::string_view file) {
  if (!file.starts_with('.') || !file.ends_with(in_progress_suffix))
    return std::nullopt;
  file.remove_prefix(1);
  file.remove_suffix(in_progress_suffix.size());
  return file;
}

} // namespace

std::string part_file_name(std::string_view prefix, uint64_t run,
                           uint64_t index) {
  char numbers[48];
  std::snprintf(numbers, sizeof(numbers), "-%06llu-%08llu",
                static_cast<unsigned long long>(run),
                static_cast<unsigned long long>(index));
  return std::string{prefix} + numbers;
}

std::string in_progress_name(std::string_view part) {
  return "." + std::string{part} + std::string{in_progress_suffix};
}

std::optional<uint64_t> run_of(std::string_view prefix, std::string_view file) {
  if (auto visible = hidden_to_visible(file))
    return run_of_visible(prefix, *visible);
  return run_of_visible(prefix, file);
}

bool is_in_progress_part(std::string_view prefix, std::string_view file) {
  auto visible = hidden_to_visible(file);
  return visible && run_of_visible(prefix, *visible).has_value();
}

} // namespace eddy
