// Map state, as Flink's MapState: per key, entries by id, each living a
// time-to-live from when it was put (deduplication's seen ids with the
// result they had). A partition keeps them beside its values, persists the
// changed ones with each checkpoint, key by key under their key's group,
// and drops them from memory and store once they expire, so what it holds
// is bounded by what arrives within one time-to-live.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/expiry_index.hpp"
#include "actors/key_group.hpp"
#include "actors/keyed_state.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "messages/error.hpp"
#include "messages/stream.hpp"
#include "runtime/state_ttl.hpp"
#include "runtime/value_codec.hpp"

namespace eddy {

template <class V>
class map_state {
public:
  /// Entries expire `ttl` after they were put; the expiry buckets are a
  /// second wide (an entry outlives its ttl by a second at most), so ten
  /// million ids cost little besides themselves.
  explicit map_state(state_ttl ttl) : ttl_(ttl) {}

  /// The clock the entries expire by: callers pass its time as `now`.
  time_domain domain() const noexcept { return ttl_.domain; }

  /// The entry `id` of `key`, or nullptr if it has none or it expired by
  /// `now`.
  const V* find(std::string_view key, std::string_view id, int64_t now) {
    auto* s = entries_.find(compose(key, id));
    return s && s->expires_at > now ? &s->value : nullptr;
  }

  /// Puts entry `id` of `key`, living its time-to-live from `now` (in
  /// event time before the first watermark: until it is put again).
  void put(std::string_view key, std::string_view id, V value, int64_t now) {
    auto& composite = compose(key, id);
    auto expires_at = now == no_watermark ? std::numeric_limits<int64_t>::max()
                                          : now + ttl_.duration.count();
    entries_.upsert(composite) = expiring<V>{std::move(value), expires_at};
    expiry_.schedule(composite, expires_at);
  }

  /// Drops the entries expired by `now`.
  void expire_until(int64_t now) {
    expiry_.expire_until(now, [&](std::string_view composite) {
      // Put again since it was scheduled: it lives on.
      if (auto* s = entries_.find(composite); s && s->expires_at <= now)
        entries_.erase(composite);
    });
  }

  /// Number of entries held, expired ones not yet dropped included.
  size_t size() const noexcept { return entries_.size(); }

  /// Writes the entries put or dropped since the last call to `writes`.
  void write_changes(state_store::batch& writes, const std::string& family,
                     const key_groups& groups) {
    std::string storage_key;
    entries_.drain_erased([&](std::string_view composite) {
      storage_key_of(storage_key, groups, composite);
      writes.erase(family, storage_key);
    });
    std::string bytes;
    entries_.drain_changes(
        [&](std::string_view composite, const expiring<V>& s) {
          storage_key_of(storage_key, groups, composite);
          encode_value(s, bytes);
          writes.put(family, storage_key, bytes);
        });
  }

  /// Loads the entries of `owned` groups from `family` of `store`.
  caf::expected<void> restore(const state_store& store,
                              const std::string& family,
                              const std::vector<uint32_t>& owned) {
    std::vector<std::string> prefixes;
    for (auto group : owned)
      prefixes.push_back(
          layout::group_prefix(layout::group_kind::map_entry, group));
    caf::error failure;
    auto load = [&](std::string_view storage_key, std::string_view bytes) {
      auto composite = layout::user_key(storage_key);
      auto entry = decode_value<expiring<V>>(bytes);
      if (!entry) {
        failure = make_error(ec::storage_failure,
                             "cannot decode a map state entry: " +
                                 describe(entry.error()));
        return;
      }
      expiry_.schedule(composite, entry->expires_at);
      entries_.load(composite, std::move(*entry));
    };
    if (auto ok = store.scan(family, prefixes, load); !ok)
      return ok.error();
    if (failure)
      return failure;
    return caf::unit;
  }

private:
  // The table's key: the key's stable hash (the one its key group is taken
  // from, big-endian), then the id. An item and an 8-byte id then fit in a
  // slot of the table, where the key itself would need a string of its own
  // (ten million ids took 188 bytes each that way, 116 this way; see
  // eddy-bench-throughput --only dedup). Two keys share an entry only if
  // their 64-bit hashes collide and they use the same id.
  const std::string& compose(std::string_view key, std::string_view id) {
    composite_.clear();
    auto hash = stable_hash(key);
    for (int shift = 56; shift >= 0; shift -= 8)
      composite_.push_back(static_cast<char>(hash >> shift));
    composite_.append(id);
    return composite_;
  }

  // Under the group of the entry's key, so that it moves with the key.
  static void storage_key_of(std::string& out, const key_groups& groups,
                             std::string_view composite) {
    uint64_t hash = 0;
    for (size_t i = 0; i < 8; ++i)
      hash = (hash << 8) | static_cast<unsigned char>(composite[i]);
    layout::assign_group_key(out, layout::group_kind::map_entry,
                             groups.group_of_hash(hash), composite);
  }

  state_ttl ttl_;
  keyed_state<expiring<V>> entries_;
  expiry_index expiry_{std::chrono::seconds{1}};
  std::string composite_; // reused: one allocation, not one per lookup
};

} // namespace eddy
