// Reads a rolling file output's directory as a reader would.
#include "tests/support/part_directory.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace eddy::test {

namespace {

template <class Keep>
std::vector<std::string> names_in(const std::string& dir, Keep keep) {
  std::vector<std::string> result;
  for (auto& entry : std::filesystem::directory_iterator{dir})
    if (auto name = entry.path().filename().string(); keep(name))
      result.push_back(name);
  std::sort(result.begin(), result.end());
  return result;
}

} // namespace

std::vector<std::string> finished_parts(const std::string& dir) {
  return names_in(dir, [](const std::string& name) { return name[0] != '.'; });
}

std::vector<std::string> in_progress_parts(const std::string& dir) {
  return names_in(dir, [](const std::string& name) {
    return name.ends_with(".inprogress");
  });
}

std::vector<std::string> finished_lines(const std::string& dir) {
  std::vector<std::string> result;
  for (auto& name : finished_parts(dir)) {
    std::istringstream in{file_content(dir + "/" + name)};
    for (std::string line; std::getline(in, line);)
      result.push_back(line);
  }
  return result;
}

std::string file_content(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace eddy::test
