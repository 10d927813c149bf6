// A rolling file output with exactly-once lines, as Flink's FileSink: each
// record is one line in a part file of a directory; parts roll by size and
// age and become visible (finished) only once a completed checkpoint covers
// all of their lines.
//
// What a reader of the directory can rely on:
// - `<prefix>-<run>-<index>` files are finished: never written again, only
//   whole lines, every record of the job's output at most once across
//   them. `ls` lists them in write order (a run per writer start).
// - `.<prefix>-<run>-<index>.inprogress` files are being written: lines of
//   checkpoints not completed yet, maybe a partial last line.
// - `.<prefix>.manifest` records which parts, and how many bytes of them,
//   each prepared checkpoint covers.
// After any crash (kill -9 mid-write, or between a completed checkpoint and
// the sink's commit), the engine calls recover() with the checkpoint it
// restores and replays what came after it: then every record that
// checkpoint covers is in exactly one part exactly once, and none after
// it. Recover finishes the parts the restored checkpoint covers at once,
// the last, short one too (it cannot know how long the run before meant to
// write it), and later records go to a new run's parts.
//
// A limit, as in Flink: a job restored from a savepoint older than parts
// already finished writes the records after the savepoint again, so they
// appear twice in finished parts. The writer needs checkpoint barriers:
// behind a sink that gets none (a source's dead letters) nothing is ever
// finished.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "connectors/files/part_files.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class T>
struct rolling_file_options : part_files_options {
  /// Appends one record as a line, without the newline (and without one
  /// inside: lines are what parts are cut at).
  std::function<void(const T&, std::string&)> format;
};

template <class T>
class rolling_file_writer final : public record_writer<T> {
public:
  /// Fails with ec::invalid_config for bad options or no formatter, and
  /// with ec::connector_failure naming a directory that cannot be created
  /// or written.
  [[nodiscard]] static caf::expected<std::unique_ptr<rolling_file_writer>>
  make(rolling_file_options<T> options) {
    if (!options.format)
      return make_error(ec::invalid_config,
                        "files " + options.directory + ": no line format");
    auto format = std::move(options.format);
    auto parts = part_files::make(std::move(options));
    if (!parts)
      return parts.error();
    return std::unique_ptr<rolling_file_writer>{
        new rolling_file_writer(std::move(*parts), std::move(format))};
  }

  /// What the job status calls it: "files <directory>".
  std::string name() const { return "files " + parts_->directory(); }

  caf::expected<void> write(const std::vector<T>& records) override {
    text_.clear();
    for (auto& rec : records) {
      format_(rec, text_);
      text_.push_back('\n');
    }
    return parts_->write(text_);
  }

  caf::expected<void> flush() override { return parts_->flush(); }

  bool transactional() const override { return true; }

  caf::expected<void> prepare(int64_t checkpoint_id) override {
    return parts_->prepare(checkpoint_id);
  }

  caf::expected<void> commit() override { return parts_->commit(); }

  caf::expected<void> abort() override {
    parts_->abort();
    return caf::unit;
  }

  caf::expected<void> recover(int64_t restored_checkpoint) override {
    return parts_->recover(restored_checkpoint);
  }

private:
  rolling_file_writer(std::unique_ptr<part_files> parts,
                      std::function<void(const T&, std::string&)> format)
      : parts_(std::move(parts)), format_(std::move(format)) {}

  std::unique_ptr<part_files> parts_;
  std::function<void(const T&, std::string&)> format_;
  std::string text_;
};

} // namespace eddy
