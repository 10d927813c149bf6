// RocksDB behind state_store: column families opened up front, WriteBatch
// for atomic writes, WAL on so an acknowledged write survives kill -9.
//
// A disk that fills up must not take the process down. Debian's RocksDB is
// built with assertions, and its info log (the LOG file) asserts when it
// writes again after a write failed (writable_file_writer.h): with the disk
// full, the next flush's log line aborted. So RocksDB logs through Eddy's
// logger, never to a file. A write that fails on I/O (ENOSPC among them)
// leaves the database read-only; every later write or read first asks
// RocksDB to resume, and fails as storage_unavailable until it can.
#include "actors/state_store.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

namespace {

/// RocksDB's log lines as Eddy's: its errors as warnings (the store's own
/// error names the failure once), the rest at debug (its warnings say
/// that writes wait for a flush, many times a second under load).
class rocksdb_log : public rocksdb::Logger {
public:
  explicit rocksdb_log(std::string dir)
      : rocksdb::Logger(rocksdb::InfoLogLevel::DEBUG_LEVEL),
        context_{"", "state store " + std::move(dir)} {}

  using rocksdb::Logger::Logv;

  void Logv(const char* format, va_list args) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, args);
  }

  void Logv(const rocksdb::InfoLogLevel level, const char* format,
            va_list args) override {
    auto at = level >= rocksdb::InfoLogLevel::ERROR_LEVEL ? log::level::warn
                                                          : log::level::debug;
    if (!log::enabled(at))
      return;
    char line[1024];
    std::vsnprintf(line, sizeof line, format, args);
    log::write(at, context_.job, context_.actor, line);
  }

private:
  log::context context_;
};

} // namespace

struct state_store::impl {
  std::string dir;
  std::unique_ptr<rocksdb::DB> db;
  // Whether a write failed on I/O and RocksDB has not resumed since, and
  // the failure, which every error meanwhile names (the store is written
  // and read from several threads).
  std::atomic<bool> is_stalled{false};
  std::mutex stall_mtx;
  std::string stall_reason;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> by_name;

  ~impl() {
    for (auto* handle : handles)
      db->DestroyColumnFamilyHandle(handle);
  }

  caf::expected<rocksdb::ColumnFamilyHandle*>
  family(std::string_view name) const {
    if (auto i = by_name.find(name); i != by_name.end())
      return i->second;
    return make_error(ec::storage_failure,
                      "no column family '" + std::string{name} + "' in " + dir);
  }

  // The family, its memtable flushed: reading a vector memtable sorts a
  // copy of it for every iterator and every get, a flush sorts it once.
  caf::expected<rocksdb::ColumnFamilyHandle*>
  readable_family(std::string_view name) {
    auto handle = family(name);
    if (!handle)
      return handle;
    if (auto ok = resume_if_stalled(); !ok)
      return ok.error();
    if (auto status = db->Flush(rocksdb::FlushOptions{}, *handle); !status.ok())
      return fail(status, "cannot flush before reading");
    return handle;
  }

  // After a failed write RocksDB takes no more until it resumed, which
  // works once the disk has room again.
  caf::expected<void> resume_if_stalled() {
    if (!is_stalled.load())
      return caf::unit;
    // Busy while RocksDB's own recovery runs (it waits for free space).
    if (auto status = db->Resume(); !status.ok()) {
      std::lock_guard guard{stall_mtx};
      return make_error(ec::storage_unavailable,
                        stall_reason + "; not writing until it can resume (" +
                            status.ToString() + ")");
    }
    is_stalled = false;
    log::warn("", "state store " + dir, "writing again");
    return caf::unit;
  }

  // An I/O error (a full disk among them) may pass; anything else is the
  // store's own failure.
  caf::error fail(const rocksdb::Status& status, std::string_view what) {
    auto sentence = std::string{what} + " in " + dir + ": " + status.ToString();
    if (!status.IsIOError())
      return make_error(ec::storage_failure, std::move(sentence));
    std::lock_guard guard{stall_mtx};
    if (!is_stalled.exchange(true)) {
      stall_reason = sentence;
      log::error("", "state store " + dir,
                 sentence + "; input waits until it can write again");
    }
    return make_error(ec::storage_unavailable, std::move(sentence));
  }
};

state_store::state_store(std::unique_ptr<impl> ptr) : impl_(std::move(ptr)) {}

state_store::~state_store() = default;

const std::string& state_store::dir() const noexcept {
  return impl_->dir;
}

namespace {

constexpr size_t memtable_bytes = 16 << 20;
constexpr uint64_t wal_bytes = 2 * memtable_bytes;

} // namespace

caf::expected<std::shared_ptr<state_store>>
state_store::open(const std::string& dir,
                  const std::vector<std::string>& column_families) {
  std::error_code err;
  std::filesystem::create_directories(dir, err);
  if (err)
    return make_error(ec::storage_failure, "cannot create state directory " +
                                               dir + ": " + err.message());
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.allow_concurrent_memtable_write = false; // a vector memtable cannot
  // The checkpoint records' family takes a few hundred bytes a second and
  // so is never flushed on its own: it kept every log file alive up to the
  // default limit (4 x all memtables, 384 MB), and a start after kill -9
  // replayed them all (236 MB, 1.2 s). Past this size RocksDB flushes the
  // families that hold the oldest log.
  options.max_total_wal_size = wal_bytes;
  options.info_log = std::make_shared<rocksdb_log>(dir);
  // Preallocated log files took the next 17 MB of checkpoints after the
  // disk was full, and the failure came later, in a flush: without, the
  // first checkpoint that does not fit fails, and says so.
  options.allow_fallocate = false;
  std::vector<std::string> names{rocksdb::kDefaultColumnFamilyName};
  // A store written by an earlier version may hold more families: open them
  // all, as RocksDB requires.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(options, dir, &existing).ok())
    for (auto& name : existing)
      if (name != rocksdb::kDefaultColumnFamilyName)
        names.push_back(name);
  for (auto& name : column_families)
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  // Checkpoints write hundreds of thousands of keys at once and reads are
  // rare (restores, start-up): a vector memtable appends where a skip list
  // searches (4x faster checkpoints). Reading one sorts a copy of it, so
  // reads flush it first (see readable_family).
  rocksdb::ColumnFamilyOptions family;
  family.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
  family.write_buffer_size = memtable_bytes;
  family.disable_auto_compactions = true; // see start_compactions
  // A checkpoint at full speed rewrites most keys, so most of what a
  // compaction reads is dead: compacting twice as many level-0 files at
  // once drops more of it per pass. And state lives a few checkpoints:
  // snappy cost more CPU in flushes and compactions than its bytes saved
  // (1.87M against 1.66M tx/s in the whole-job benchmark).
  family.level0_file_num_compaction_trigger = 8;
  family.compression = rocksdb::kNoCompression;
  for (auto& name : names)
    descriptors.emplace_back(name, family);
  auto result = std::make_unique<impl>();
  result->dir = dir;
  rocksdb::DB* db = nullptr;
  auto status =
      rocksdb::DB::Open(options, dir, descriptors, &result->handles, &db);
  if (!status.ok())
    return result->fail(status, "cannot open state store");
  result->db.reset(db);
  for (size_t i = 0; i < names.size(); ++i)
    result->by_name.emplace(names[i], result->handles[i]);
  return std::shared_ptr<state_store>{new state_store(std::move(result))};
}

caf::expected<void> state_store::start_compactions() {
  if (auto status = impl_->db->EnableAutoCompaction(impl_->handles);
      !status.ok())
    return impl_->fail(status, "cannot start compactions");
  return caf::unit;
}

caf::expected<void> state_store::write(const batch& operations) {
  // Room for every record up front: growing the batch's string copied a
  // checkpoint's bytes about twice over.
  constexpr size_t header_bytes = 12;
  constexpr size_t per_operation_bytes = 16; // tag, family id, lengths
  rocksdb::WriteBatch rocks{header_bytes + operations.bytes() +
                            operations.size() * per_operation_bytes};
  std::string_view family_name;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  caf::error failure;
  auto slice = [](std::string_view x) {
    return rocksdb::Slice{x.data(), x.size()};
  };
  using op_kind = batch::op_kind;
  operations.for_each([&](op_kind kind, std::string_view column_family,
                          std::string_view first, std::string_view second) {
    if (failure)
      return;
    if (!family || column_family != family_name) {
      auto handle = impl_->family(column_family);
      if (!handle) {
        failure = std::move(handle.error());
        return;
      }
      family = *handle;
      family_name = column_family;
    }
    switch (kind) {
    case op_kind::put:
      rocks.Put(family, slice(first), slice(second));
      break;
    case op_kind::erase:
      rocks.Delete(family, slice(first));
      break;
    case op_kind::erase_range:
      rocks.DeleteRange(family, slice(first), slice(second));
      break;
    }
  });
  if (failure)
    return failure;
  if (auto ok = impl_->resume_if_stalled(); !ok)
    return ok;
  auto status = impl_->db->Write(rocksdb::WriteOptions{}, &rocks);
  if (!status.ok())
    return impl_->fail(status, "write failed");
  return caf::unit;
}

caf::expected<void>
state_store::write(const std::vector<put>& puts,
                   const std::vector<erase_range>& erasures) {
  batch operations;
  for (auto& e : erasures)
    operations.erase_range(e.column_family, e.begin, e.end);
  for (auto& p : puts)
    operations.put(p.column_family, p.key, p.value);
  return write(operations);
}

caf::expected<void> state_store::copy_to(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  auto status = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint{raw};
  if (status.ok())
    status = checkpoint->CreateCheckpoint(dir);
  if (!status.ok())
    return impl_->fail(status, "cannot copy the state to " + dir);
  return caf::unit;
}

caf::expected<void>
state_store::scan(const std::string& column_family, std::string_view prefix,
                  const std::function<void(std::string_view, std::string_view)>&
                      visit) const {
  return scan(column_family, std::vector<std::string>{std::string{prefix}},
              visit);
}

caf::expected<void> state_store::scan(
    const std::string& column_family, const std::vector<std::string>& prefixes,
    const std::function<void(std::string_view, std::string_view)>& visit)
    const {
  auto family = impl_->readable_family(column_family);
  if (!family)
    return family.error();
  std::unique_ptr<rocksdb::Iterator> it{
      impl_->db->NewIterator(rocksdb::ReadOptions{}, *family)};
  for (auto& prefix : prefixes) {
    rocksdb::Slice start{prefix.data(), prefix.size()};
    for (it->Seek(start); it->Valid() && it->key().starts_with(start);
         it->Next())
      visit(it->key().ToStringView(), it->value().ToStringView());
    if (!it->status().ok())
      return impl_->fail(it->status(), "scan failed");
  }
  return caf::unit;
}

caf::expected<std::optional<std::string>>
state_store::get(const std::string& column_family, std::string_view key) const {
  auto family = impl_->readable_family(column_family);
  if (!family)
    return family.error();
  std::string value;
  auto status = impl_->db->Get(rocksdb::ReadOptions{}, *family,
                               rocksdb::Slice{key.data(), key.size()}, &value);
  if (status.IsNotFound())
    return std::optional<std::string>{};
  if (!status.ok())
    return impl_->fail(status, "read failed");
  return std::optional<std::string>{std::move(value)};
}

} // namespace eddy
