// RocksDB behind state_store: column families opened up front, WriteBatch
// for atomic writes, WAL on so an acknowledged write survives kill -9.
#include "actors/state_store.hpp"

#include <filesystem>
#include <map>

#include <rocksdb/db.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include "messages/error.hpp"

namespace eddy {

struct state_store::impl {
  std::string dir;
  std::unique_ptr<rocksdb::DB> db;
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
  readable_family(std::string_view name) const {
    auto handle = family(name);
    if (!handle)
      return handle;
    if (auto status = db->Flush(rocksdb::FlushOptions{}, *handle); !status.ok())
      return fail(status, "cannot flush before reading");
    return handle;
  }

  caf::error fail(const rocksdb::Status& status, std::string_view what) const {
    return make_error(ec::storage_failure, std::string{what} + " in " + dir +
                                               ": " + status.ToString());
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
