// Reads the lines of a file in large chunks (fast enough for 10M-line logs)
// or of every visible file of a directory, or hands a `kafka:TOPIC` source
// to the topic reader.
#include "apps/eddy-check/record_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "apps/eddy-check/error_context.hpp"
#include "apps/eddy-check/progress.hpp"
#include "apps/eddy-check/topic_reader.hpp"
#include "messages/error.hpp"

namespace eddy::check {

namespace {

constexpr std::string_view kafka_prefix = "kafka:";

// Large enough that reading costs little next to parsing.
constexpr size_t chunk_size = size_t{1} << 20;

struct file_closer {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

} // namespace

log_source log_source::parse(std::string_view spec) {
  if (spec.starts_with(kafka_prefix))
    return {{}, std::string{spec.substr(kafka_prefix.size())}};
  return {std::string{spec}, {}};
}

std::string log_source::name() const {
  return is_kafka() ? "topic '" + topic + "'" : "file '" + path + "'";
}

caf::expected<uint64_t> read_log(const log_source& source,
                                 const kafka_access& kafka,
                                 const line_handler& handle) {
  if (source.is_kafka())
    return read_topic_lines(source.topic, kafka, handle);
  std::error_code err;
  if (std::filesystem::is_directory(source.path, err))
    return read_directory_lines(source.path, handle);
  return read_file_lines(source.path, handle);
}

caf::expected<uint64_t> read_log_showing_progress(const log_source& source,
                                                  const kafka_access& kafka,
                                                  const std::string& what,
                                                  const line_handler& handle) {
  progress shown{what + " " + source.name()};
  auto read = read_log(source, kafka, [&](std::string_view line) {
    shown.tick();
    return handle(line);
  });
  shown.finish();
  if (!read)
    return in_context(read.error(), what);
  return read;
}

caf::expected<uint64_t> read_directory_lines(const std::string& path,
                                             const line_handler& handle) {
  std::vector<std::string> files;
  std::error_code err;
  for (std::filesystem::directory_iterator entry{path, err}, end;
       !err && entry != end; entry.increment(err)) {
    // A file that vanished meanwhile is no part file any more: left out.
    std::error_code vanished;
    if (!entry->path().filename().string().starts_with('.') &&
        entry->is_regular_file(vanished))
      files.push_back(entry->path().string());
  }
  if (err)
    return make_error(ec::connector_failure,
                      "cannot list directory '" + path + "': " + err.message());
  std::sort(files.begin(), files.end());
  uint64_t handled = 0;
  for (auto& file : files) {
    auto lines = read_file_lines(file, handle);
    if (!lines)
      return lines.error();
    handled += *lines;
  }
  return handled;
}

caf::expected<uint64_t> read_file_lines(const std::string& path,
                                        const line_handler& handle) {
  auto failure = [&path](const char* what) {
    return make_error(ec::connector_failure, "cannot " + std::string{what} +
                                                 " file '" + path +
                                                 "': " + std::strerror(errno));
  };
  std::unique_ptr<std::FILE, file_closer> file{std::fopen(path.c_str(), "rb")};
  if (!file)
    return failure("open");
  uint64_t line_number = 0;
  uint64_t handled = 0;
  auto take = [&](std::string_view line) -> caf::error {
    ++line_number;
    if (line.empty() || line == "\r")
      return {};
    ++handled;
    if (auto err = handle(line))
      return in_context(err, "file '" + path + "' line " +
                                 std::to_string(line_number));
    return {};
  };
  std::vector<char> buffer(chunk_size);
  std::string partial; // a line that began in an earlier chunk
  for (;;) {
    auto size = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (size == 0) {
      if (std::ferror(file.get()))
        return failure("read");
      break;
    }
    std::string_view chunk{buffer.data(), size};
    for (;;) {
      auto newline = chunk.find('\n');
      if (newline == std::string_view::npos) {
        partial.append(chunk);
        break;
      }
      caf::error err;
      if (partial.empty()) {
        err = take(chunk.substr(0, newline));
      } else {
        partial.append(chunk.substr(0, newline));
        err = take(partial);
        partial.clear();
      }
      if (err)
        return err;
      chunk.remove_prefix(newline + 1);
    }
  }
  if (auto err = take(partial))
    return err;
  return handled;
}

} // namespace eddy::check
