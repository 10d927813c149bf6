// Creates and removes per-test directories, and writes files into them.
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace eddy::test {

temp_dir::temp_dir() {
  std::string pattern = "/tmp/eddy-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a temporary directory");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string write_file(const temp_dir& dir, const std::string& name,
                       const std::string& content) {
  auto path = dir.path() + "/" + name;
  std::ofstream{path} << content;
  return path;
}

std::string file_text(const std::string& path) {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace eddy::test
