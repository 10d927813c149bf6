// A record_writer that formats each record as one line of text and appends
// it to stdout or a file (the stdout and file sinks).
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "messages/error.hpp"

namespace eddy {

/// An open text output: stdout or a file opened for appending.
class text_output {
public:
  /// Standard output (never closed).
  static std::shared_ptr<text_output> standard_output();

  /// Opens `path` for appending, creating parent directories. Fails with
  /// ec::connector_failure naming the path.
  [[nodiscard]] static caf::expected<std::shared_ptr<text_output>>
  append_to(const std::string& path);

  ~text_output();

  /// Writes `text`; fails with ec::connector_failure naming the output.
  [[nodiscard]] caf::expected<void> write(const std::string& text);

  /// Flushes the C stream.
  [[nodiscard]] caf::expected<void> flush();

  const std::string& name() const noexcept { return name_; }

private:
  text_output(std::FILE* file, std::string name, bool owned);
  std::FILE* file_;
  std::string name_;
  bool owned_;
};

template <class T>
class line_writer final : public record_writer<T> {
public:
  /// `format` appends one record (without newline) to a string.
  using formatter = std::function<void(const T&, std::string&)>;

  line_writer(std::shared_ptr<text_output> out, formatter format)
      : out_(std::move(out)), format_(std::move(format)) {}

  caf::expected<void> write(const std::vector<T>& records) override {
    text_.clear();
    for (auto& rec : records) {
      format_(rec, text_);
      text_.push_back('\n');
    }
    return out_->write(text_);
  }

  caf::expected<void> flush() override { return out_->flush(); }

private:
  std::shared_ptr<text_output> out_;
  formatter format_;
  std::string text_;
};

} // namespace eddy
