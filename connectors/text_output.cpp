// Opens and writes the text outputs behind the stdout and file sinks.
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "connectors/line_writer.hpp"

namespace eddy {

text_output::text_output(std::FILE* file, std::string name, bool owned)
    : file_(file), name_(std::move(name)), owned_(owned) {}

text_output::~text_output() {
  if (owned_)
    std::fclose(file_);
}

std::shared_ptr<text_output> text_output::standard_output() {
  return std::shared_ptr<text_output>{new text_output(stdout, "stdout", false)};
}

caf::expected<std::shared_ptr<text_output>>
text_output::append_to(const std::string& path) {
  std::error_code err;
  auto parent = std::filesystem::path{path}.parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, err);
  if (err)
    return make_error(ec::connector_failure, "cannot create directory for " +
                                                 path + ": " + err.message());
  auto* file = std::fopen(path.c_str(), "a");
  if (file == nullptr)
    return make_error(ec::connector_failure,
                      "cannot open " + path + ": " + std::strerror(errno));
  return std::shared_ptr<text_output>{new text_output(file, path, true)};
}

caf::expected<void> text_output::write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    return make_error(ec::connector_failure,
                      "cannot write to " + name_ + ": " + std::strerror(errno));
  return caf::unit;
}

caf::expected<void> text_output::flush() {
  if (std::fflush(file_) != 0)
    return make_error(ec::connector_failure,
                      "cannot flush " + name_ + ": " + std::strerror(errno));
  return caf::unit;
}

} // namespace eddy
