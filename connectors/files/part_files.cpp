// The part files of one rolling file output: writing, rolling, preparing,
// committing, aborting and recovering parts.
#include "connectors/files/part_files.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "connectors/files/durable_io.hpp"
#include "connectors/files/part_name.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

namespace {

std::error_code last_error() {
  return {errno, std::generic_category()};
}

caf::expected<void> check(const part_files_options& opts) {
  auto invalid = [](std::string what) {
    return make_error(ec::invalid_config, "files: " + what);
  };
  if (opts.directory.empty())
    return invalid("no directory given");
  if (opts.part_prefix.empty() || opts.part_prefix.front() == '.' ||
      opts.part_prefix.find('/') != std::string::npos)
    return invalid("the part prefix '" + opts.part_prefix +
                   "' must be a plain file name, not hidden");
  if (opts.part_size == 0)
    return invalid("the part size must be positive");
  if (opts.rollover_interval.count() <= 0)
    return invalid("the rollover interval must be positive");
  return caf::unit;
}

// Creates `dir` and makes (and removes) a file in it.
caf::expected<void> prepare_directory(const std::string& dir,
                                      const std::string& prefix) {
  std::error_code err;
  std::filesystem::create_directories(dir, err);
  if (err)
    return file_failure("create the directory", dir, err);
  auto probe = dir + "/." + prefix + ".probe";
  auto* file = std::fopen(probe.c_str(), "w");
  if (file == nullptr)
    return file_failure("write in the directory", dir, last_error());
  if (std::fclose(file) != 0)
    return file_failure("write in the directory", dir, last_error());
  return remove_file(probe);
}

// The run after every run that left a part of `prefix` in `dir`.
caf::expected<uint64_t> next_run(const std::string& dir,
                                 std::string_view prefix) {
  std::error_code err;
  uint64_t next = 1;
  for (std::filesystem::directory_iterator i{dir, err}, end; !err && i != end;
       i.increment(err))
    if (auto run = run_of(prefix, i->path().filename().string()))
      next = std::max(next, *run + 1);
  if (err)
    return file_failure("list", dir, err);
  return next;
}

} // namespace

// -- making and ending ----------------------------------------------------

void part_files::file_closer::operator()(std::FILE* file) const {
  // Only for a file whose unflushed bytes are discarded anyway.
  static_cast<void>(std::fclose(file));
}

caf::expected<std::unique_ptr<part_files>>
part_files::make(part_files_options options) {
  if (auto ok = check(options); !ok)
    return ok.error();
  if (!options.clock)
    options.clock = [] { return std::chrono::steady_clock::now(); };
  if (auto ok = prepare_directory(options.directory, options.part_prefix); !ok)
    return ok.error();
  auto run = next_run(options.directory, options.part_prefix);
  if (!run)
    return run.error();
  return std::unique_ptr<part_files>{new part_files(std::move(options), *run)};
}

part_files::part_files(part_files_options options, uint64_t run)
    : options_(std::move(options)), run_(run) {}

part_files::~part_files() {
  auto fail = [this](const caf::error& err) {
    log::warn("", "files " + options_.directory,
              "left for the next start to finish: " + describe(err));
  };
  if (file_ && std::fclose(file_.release()) != 0)
    fail(file_failure("close", hidden_path(parts_.back()), last_error()));
  for (auto& p : parts_)
    if (p.length > 0 && p.covered == p.length)
      if (auto ok = finish({p.name, p.length}); !ok)
        fail(ok.error());
  for (auto& path : removable_)
    if (auto ok = remove_file(path); !ok)
      fail(ok.error());
}

// -- paths ----------------------------------------------------------------

std::string part_files::path_of(std::string_view file) const {
  return options_.directory + "/" + std::string{file};
}

std::string part_files::hidden_path(const part& p) const {
  return path_of(in_progress_name(p.name));
}

std::string part_files::manifest_path() const {
  return path_of("." + options_.part_prefix + ".manifest");
}

// -- writing --------------------------------------------------------------

caf::expected<void> part_files::require_recovered() const {
  if (is_recovered_)
    return caf::unit;
  return make_error(ec::connector_failure,
                    "files " + options_.directory +
                        ": recover() must run before the first write");
}

caf::expected<void> part_files::open_part() {
  part p{part_file_name(options_.part_prefix, run_, next_index_++)};
  auto path = hidden_path(p);
  auto fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return file_failure("create", path, last_error());
  auto* file = ::fdopen(fd, "w");
  if (file == nullptr) {
    auto err = last_error();
    ::close(fd);
    return file_failure("open", path, err);
  }
  file_.reset(file);
  parts_.push_back(std::move(p));
  opened_at_ = options_.clock();
  is_directory_changed_ = true;
  return caf::unit;
}

caf::expected<void> part_files::close_part() {
  auto& current = parts_.back();
  current.is_closed = true;
  if (std::fclose(file_.release()) != 0)
    return file_failure("close", hidden_path(current), last_error());
  return caf::unit;
}

caf::expected<void> part_files::roll_if_old() {
  if (file_ && options_.clock() - opened_at_ >= options_.rollover_interval)
    return close_part();
  return caf::unit;
}

caf::expected<void> part_files::append(std::string_view lines) {
  while (!lines.empty()) {
    if (!file_)
      if (auto ok = open_part(); !ok)
        return ok;
    auto& current = parts_.back();
    // Up to the end of the line that makes the part reach its size.
    auto room = options_.part_size - current.length;
    auto end = room > lines.size() ? std::string_view::npos
                                   : lines.find('\n', room - 1);
    auto chunk = end == std::string_view::npos ? lines.size() : end + 1;
    if (std::fwrite(lines.data(), 1, chunk, file_.get()) != chunk)
      return file_failure("write", hidden_path(current), last_error());
    current.length += chunk;
    current.is_synced = false;
    lines.remove_prefix(chunk);
    if (current.length >= options_.part_size)
      if (auto ok = close_part(); !ok)
        return ok;
  }
  return caf::unit;
}

caf::expected<void> part_files::write(std::string_view lines) {
  if (auto ok = require_recovered(); !ok)
    return ok;
  if (auto ok = finish_due(); !ok)
    return ok;
  auto ok = roll_if_old();
  if (ok)
    ok = append(lines);
  if (!ok)
    return discard_since_flush(ok.error());
  return caf::unit;
}

caf::expected<void> part_files::flush() {
  if (file_ && std::fflush(file_.get()) != 0)
    return discard_since_flush(
        file_failure("flush", hidden_path(parts_.back()), last_error()));
  for (auto& p : parts_)
    p.flushed = p.length;
  return caf::unit;
}

caf::error part_files::discard_since_flush(caf::error reason) {
  cut_back(&part::flushed);
  return reason;
}

void part_files::cut_back(uint64_t part::*mark) {
  auto open_part_name = file_ ? parts_.back().name : std::string{};
  std::vector<part> kept;
  for (auto& p : parts_) {
    auto length = p.*mark;
    if (length == 0) {
      dropped_.push_back(hidden_path(p));
      continue;
    }
    // Bytes past `length` may be in the file: no more lines go after them,
    // and the part is cut to `length` when it is finished.
    if (length != p.length) {
      p.length = length;
      p.is_closed = true;
      p.is_synced = false;
      // Back to the last commit, a checkpoint prepared since may still be
      // restored with the bytes cut off: only a later commit finishes it.
      if (mark == &part::committed)
        p.covered = 0;
    }
    p.flushed = p.length;
    p.committed = std::min(p.committed, p.length);
    p.covered = std::min(p.covered, p.length);
    kept.push_back(std::move(p));
  }
  auto keeps_file = file_ && !kept.empty() &&
                    kept.back().name == open_part_name &&
                    !kept.back().is_closed;
  if (file_ && !keeps_file)
    file_.reset();
  if (!keeps_file && !kept.empty())
    kept.back().is_closed = true;
  parts_ = std::move(kept);
}

// -- checkpoints ------------------------------------------------------------

prepared_checkpoint part_files::snapshot(int64_t id) const {
  prepared_checkpoint entry{id, {}};
  for (auto& p : parts_)
    entry.parts.push_back({p.name, p.length});
  return entry;
}

caf::expected<void> part_files::sync_parts() {
  for (auto& p : parts_) {
    if (p.is_synced)
      continue;
    auto is_open = file_ && &p == &parts_.back() && !p.is_closed;
    if (is_open && ::fsync(::fileno(file_.get())) != 0)
      return file_failure("sync", hidden_path(p), last_error());
    if (!is_open)
      if (auto ok = sync_path(hidden_path(p)); !ok)
        return ok;
    p.is_synced = true;
  }
  return caf::unit;
}

caf::expected<void> part_files::sync_directory() {
  if (!is_directory_changed_)
    return caf::unit;
  if (auto ok = sync_path(options_.directory); !ok)
    return ok;
  is_directory_changed_ = false;
  return caf::unit;
}

caf::expected<void> part_files::record(prepared_checkpoint entry) {
  // Kept: the last committed checkpoint (a restart restores it unless a
  // later one completes) and those prepared since.
  std::vector<prepared_checkpoint> entries;
  for (auto& old : manifest_)
    if (old.id >= last_committed_ && old.id < entry.id)
      entries.push_back(old);
  entries.push_back(std::move(entry));
  if (auto ok = write_manifest(manifest_path(), entries); !ok)
    return ok;
  manifest_ = std::move(entries);
  return caf::unit;
}

caf::expected<void> part_files::prepare(int64_t checkpoint_id) {
  if (auto ok = require_recovered(); !ok)
    return ok;
  if (auto ok = finish_due(); !ok)
    return ok;
  if (auto ok = roll_if_old(); !ok)
    return ok;
  if (file_ && std::fflush(file_.get()) != 0)
    return file_failure("flush", hidden_path(parts_.back()), last_error());
  auto entry = snapshot(checkpoint_id);
  auto is_recorded = !manifest_.empty() && manifest_.back() == entry;
  if (!is_recorded) {
    // The parts' bytes and names are durable before the manifest names
    // them; renames of finished parts too, before it stops naming them.
    if (auto ok = sync_parts(); !ok)
      return ok;
    if (auto ok = sync_directory(); !ok)
      return ok;
    if (auto ok = record(entry); !ok)
      return ok;
  }
  for (auto& p : parts_)
    p.flushed = p.length;
  prepared_ = std::move(entry);
  return caf::unit;
}

caf::expected<void> part_files::commit() {
  if (prepared_) {
    for (auto& p : parts_) {
      auto& covered = prepared_->parts;
      auto i = std::find_if(covered.begin(), covered.end(), [&](auto& extent) {
        return extent.name == p.name;
      });
      p.covered = i == covered.end() ? 0 : i->length;
    }
    last_committed_ = prepared_->id;
    prepared_.reset();
    removable_.insert(removable_.end(), dropped_.begin(), dropped_.end());
    dropped_.clear();
  }
  for (auto& p : parts_)
    p.committed = p.length;
  if (auto ok = finish_due(); !ok) {
    // Ignored on purpose: the commit stands (see the header); the next
    // write() or prepare() tries again and reports the failure.
  }
  return caf::unit;
}

void part_files::abort() {
  cut_back(&part::committed);
  prepared_.reset();
}

// -- finishing ------------------------------------------------------------

caf::expected<void> part_files::finish(const part_extent& extent) {
  auto hidden = path_of(in_progress_name(extent.name));
  if (auto ok = cut_to(hidden, extent.length); !ok)
    return ok;
  is_directory_changed_ = true;
  return rename_file(hidden, path_of(extent.name));
}

caf::expected<void> part_files::finish_due() {
  while (!removable_.empty()) {
    if (auto ok = remove_file(removable_.back()); !ok)
      return ok;
    removable_.pop_back();
    is_directory_changed_ = true;
  }
  for (auto i = parts_.begin(); i != parts_.end();) {
    if (!i->is_due()) {
      ++i;
      continue;
    }
    if (auto ok = finish({i->name, i->length}); !ok)
      return ok;
    i = parts_.erase(i);
  }
  return caf::unit;
}

caf::expected<void> part_files::finish_recovered(const part_extent& extent,
                                                 int64_t checkpoint) {
  std::error_code err;
  if (std::filesystem::exists(path_of(extent.name), err))
    return caf::unit; // finished before the crash
  auto hidden = path_of(in_progress_name(extent.name));
  if (!std::filesystem::exists(hidden, err))
    return make_error(ec::connector_failure,
                      "files " + options_.directory + ": the part " +
                          extent.name + " that checkpoint " +
                          std::to_string(checkpoint) + " covers is missing (" +
                          hidden + ")");
  return finish(extent);
}

caf::expected<void> part_files::remove_strays() {
  std::error_code err;
  std::vector<std::string> strays;
  for (std::filesystem::directory_iterator i{options_.directory, err}, end;
       !err && i != end; i.increment(err)) {
    auto file = i->path().filename().string();
    if (is_in_progress_part(options_.part_prefix, file) &&
        run_of(options_.part_prefix, file) != run_)
      strays.push_back(i->path().string());
  }
  if (err)
    return file_failure("list", options_.directory, err);
  for (auto& path : strays)
    if (auto ok = remove_file(path); !ok)
      return ok;
  is_directory_changed_ = true;
  return caf::unit;
}

caf::expected<void> part_files::recover(int64_t restored_checkpoint) {
  if (is_recovered_ || !parts_.empty())
    return make_error(ec::connector_failure,
                      "files " + options_.directory +
                          ": recover() runs once, before the first write");
  auto entries = read_manifest(manifest_path());
  if (!entries)
    return entries.error();
  const prepared_checkpoint* latest = nullptr;
  for (auto& entry : *entries)
    if (entry.id <= restored_checkpoint && (!latest || entry.id > latest->id))
      latest = &entry;
  if (latest)
    for (auto& extent : latest->parts)
      if (auto ok = finish_recovered(extent, latest->id); !ok)
        return ok;
  if (auto ok = remove_strays(); !ok)
    return ok;
  if (auto ok = sync_directory(); !ok)
    return ok;
  if (auto ok = record({restored_checkpoint, {}}); !ok)
    return ok;
  last_committed_ = restored_checkpoint;
  is_recovered_ = true;
  return caf::unit;
}

} // namespace eddy
