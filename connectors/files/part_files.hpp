// The part files of one rolling file output, without record types: lines go
// to the in-progress part, parts roll by size and age, and a part is
// finished (renamed to its visible name) only once a completed checkpoint
// covers all of it. rolling_file_writer.hpp says what a reader of the
// directory can rely on; this class keeps that promise.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/files/part_manifest.hpp"

namespace eddy {

struct part_files_options {
  /// Where the parts go; created if missing. One output per directory and
  /// prefix: two writers on the same pair would take each other's parts.
  std::string directory;
  /// Parts are named "<prefix>-<run>-<index>"; the manifest is
  /// ".<prefix>.manifest".
  std::string part_prefix = "part";
  /// A part that reaches this many bytes is rolled: later lines go to a new
  /// one (lines are never split, so a part may exceed it by one line).
  uint64_t part_size = uint64_t{128} << 20;
  /// A part this old is rolled at the next write or prepare.
  std::chrono::milliseconds rollover_interval{60000};
  /// The clock parts age by; steady_clock if empty (tests pass their own).
  std::function<std::chrono::steady_clock::time_point()> clock;
};

class part_files {
public:
  /// Checks `options`, creates the directory and checks that files can be
  /// made in it. Fails with ec::invalid_config for bad options and with
  /// ec::connector_failure naming the directory that cannot be used.
  [[nodiscard]] static caf::expected<std::unique_ptr<part_files>>
  make(part_files_options options);

  part_files(const part_files&) = delete;
  part_files& operator=(const part_files&) = delete;

  /// Finishes every part a completed checkpoint covers whole, the
  /// in-progress one too: after a clean stop (a last checkpoint, then
  /// nothing written) no part is left hidden. Failures are logged; recover()
  /// finishes those parts at the next start.
  ~part_files();

  /// Appends whole lines (each ending in '\n'), rolling parts as they
  /// reach the part size or age. Fails with ec::connector_failure naming
  /// the file; then everything written since the last successful flush() is
  /// discarded (the caller writes it again). Fails before writing anything
  /// while a part that a commit finished could not be renamed, or when
  /// recover() has not run.
  [[nodiscard]] caf::expected<void> write(std::string_view lines);

  /// Hands what write() buffered to the operating system (no fsync). On
  /// failure it discards what was written since the last successful flush.
  [[nodiscard]] caf::expected<void> flush();

  /// Makes every part durable (fsync) and records in the manifest which
  /// parts checkpoint `checkpoint_id` covers, with their lengths. Call it
  /// after a successful flush(); again for the same id covers what was
  /// written since. Fails with ec::connector_failure naming the file;
  /// calling it again retries.
  [[nodiscard]] caf::expected<void> prepare(int64_t checkpoint_id);

  /// The checkpoint last prepared completed: finishes the rolled parts it
  /// covers whole, and everything written so far is the state abort()
  /// returns to. Always succeeds: the decision is in the manifest already,
  /// so a rename that fails is retried first by the next write() or
  /// prepare(), which report its error (recover() also finishes it).
  [[nodiscard]] caf::expected<void> commit();

  /// Returns to the state of the last commit: the parts begun since are
  /// dropped and the one written since is cut back (the caller writes the
  /// same lines again). Their bytes stay on disk until a later checkpoint
  /// commits: a checkpoint prepared before may still be the one a restart
  /// restores.
  void abort();

  /// Before the first write, with the checkpoint the job restores from (0:
  /// a fresh start): cuts the parts the latest checkpoint prepared up to
  /// `restored_checkpoint` covers back to their recorded lengths and
  /// finishes all of them at once, removes every other in-progress part,
  /// and forgets checkpoints after `restored_checkpoint` (their ids are used
  /// again). Fails with ec::connector_failure naming the file (a malformed
  /// manifest, a covered part missing or shorter than recorded).
  [[nodiscard]] caf::expected<void> recover(int64_t restored_checkpoint);

  const std::string& directory() const noexcept { return options_.directory; }

private:
  // A part not finished yet. Lengths count bytes of whole lines.
  struct part {
    std::string name;       // the visible name it gets when finished
    uint64_t length = 0;    // written
    uint64_t flushed = 0;   // at the last flush (0: begun since)
    uint64_t committed = 0; // at the last commit (0: begun since)
    uint64_t covered = 0;   // by the last committed checkpoint
    bool is_closed = false; // rolled, or cut back: takes no more lines
    bool is_synced = false; // its length is durable

    bool is_due() const { return is_closed && length > 0 && covered == length; }
  };

  struct file_closer {
    void operator()(std::FILE* file) const;
  };

  part_files(part_files_options options, uint64_t run);

  std::string path_of(std::string_view file) const;
  std::string hidden_path(const part& p) const;
  std::string manifest_path() const;

  caf::expected<void> require_recovered() const;
  caf::expected<void> open_part();
  caf::expected<void> close_part();
  caf::expected<void> roll_if_old();
  caf::expected<void> append(std::string_view lines);
  caf::expected<void> sync_parts();
  caf::expected<void> sync_directory();
  caf::expected<void> record(prepared_checkpoint entry);
  caf::expected<void> finish(const part_extent& extent);
  caf::expected<void> finish_due();
  caf::expected<void> finish_recovered(const part_extent& extent,
                                       int64_t checkpoint);
  caf::expected<void> remove_strays();
  caf::error discard_since_flush(caf::error reason);
  void cut_back(uint64_t part::*mark);
  prepared_checkpoint snapshot(int64_t id) const;

  part_files_options options_;
  uint64_t run_;
  uint64_t next_index_ = 0;
  std::vector<part> parts_;
  // The file of parts_.back() while it is open (not closed).
  std::unique_ptr<std::FILE, file_closer> file_;
  std::chrono::steady_clock::time_point opened_at_;
  // The manifest as written; what the last prepare() since the last commit
  // or abort covers; the last committed checkpoint.
  std::vector<prepared_checkpoint> manifest_;
  std::optional<prepared_checkpoint> prepared_;
  int64_t last_committed_ = 0;
  // Files of dropped parts: kept while a prepared checkpoint may need them,
  // then removed.
  std::vector<std::string> dropped_;
  std::vector<std::string> removable_;
  bool is_recovered_ = false;
  bool is_directory_changed_ = true;
};

} // namespace eddy
