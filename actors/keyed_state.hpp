// The in-memory keyed state of one partition, remembering which keys changed
// or were erased since the last persist so only those are written back.
//
// A flat open-addressing table (linear probing): a key, its value and its
// hash share one 32-byte slot, so a lookup costs one cache miss where a
// node-based map costs two or three, and a batch can prefetch the slots it
// is about to touch. Keys of up to 18 bytes (item ids) live in the slot;
// longer ones in a side table.
//
// An erased key leaves a tombstone in its slot, not a hole: a lookup must
// go on probing past it, and the change marks (dirty_) hold slot indices
// that backward-shift deletion would move. A tombstone's tag is even, so a
// lookup steps past it like past any other key's slot, at no extra cost. A
// new key takes the first tombstone on its probe; the rest are dropped when
// the table rehashes, at the same capacity if tombstones rather than keys
// filled it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy {

template <class V>
class keyed_state {
public:
  keyed_state() { slots_.resize(min_capacity); }

  /// Where `key` is or would go: read it, then write it if need be, with
  /// one lookup. Valid until the next write of another key or erase.
  class cursor {
  public:
    /// The value, or nullptr if the key was never written or is erased.
    const V* value() const {
      auto& s = state_->slots_[index_];
      return s.is_live() ? &s.value : nullptr;
    }

    /// The value for writing (value-initialized if new); marks the key as
    /// changed.
    V& write() { return state_->write_at(index_, hash_, key_); }

  private:
    friend class keyed_state;
    cursor(keyed_state* state, std::string_view key, uint64_t hash,
           size_t index)
        : state_(state), key_(key), hash_(hash), index_(index) {}
    keyed_state* state_;
    std::string_view key_;
    uint64_t hash_;
    size_t index_;
  };

  cursor lookup(std::string_view key) {
    auto hash = hash_of(key);
    return {this, key, hash, locate(key, hash)};
  }

  /// The value of `key`, or nullptr if the key was never written or is
  /// erased. Reads no change mark, so it may run while drain_changes or
  /// drain_erased runs on another thread.
  const V* find(std::string_view key) const {
    auto& s = slots_[locate(key, hash_of(key))];
    return s.is_live() ? &s.value : nullptr;
  }

  /// The value of `key` for writing (value-initialized if new, or if
  /// erased since it was last written); marks the key as changed.
  V& upsert(std::string_view key) { return lookup(key).write(); }

  /// Removes `key` and its value; answers whether it was there. The key is
  /// reported by the next drain_erased, unless the changes are forgotten
  /// first. Cursors taken before are invalid; other keys' values stay
  /// where they are.
  bool erase(std::string_view key) {
    auto& s = slots_[locate(key, hash_of(key))];
    if (!s.is_live())
      return false;
    remember_erased(key);
    release_key(s);
    s.tag = tombstone;
    // Frees what a value holds now, and a key that takes this slot later
    // starts value-initialized, as a new key must. The slot's change mark
    // stays: its index remains in dirty_ (drain_changes skips tombstones),
    // and a key reviving the slot needs no second entry there.
    s.value = V{};
    --size_;
    ++tombstones_;
    return true;
  }

  /// Loads a persisted value without marking it changed: a restore into a
  /// fresh table (a key erased since the last drain and loaded again is
  /// still drained as erased).
  void load(std::string_view key, V value) {
    load_hashed(key, hash_of(key), std::move(value));
  }

  /// Makes room for `n` keys, so that loading that many grows the table
  /// once instead of once per doubling.
  void reserve(size_t n) {
    auto capacity = slots_.size();
    while (n * max_load_den > capacity * max_load_num)
      capacity *= 2;
    if (capacity > slots_.size())
      rehash(capacity);
  }

  /// Loads many persisted values: a restore's keys arrive in key order, so
  /// each lands on a random slot. The loader holds the last few and
  /// prefetches their slots, so that their cache misses overlap instead of
  /// following one another (2x faster for 2.5M keys).
  /// Every value is in the state once finish() returned.
  class loader {
  public:
    explicit loader(keyed_state& state) : state_(state) {}

    void load(std::string_view key, V value) {
      if (pending_ == depth)
        load_oldest();
      auto& entry = ring_[(first_ + pending_++) % depth];
      entry.key.assign(key.data(), key.size());
      entry.hash = state_.hash_of(key);
      entry.value = std::move(value);
      state_.prefetch_slot(entry.hash);
    }

    void finish() {
      while (pending_ > 0)
        load_oldest();
    }

  private:
    static constexpr size_t depth = 16;

    struct entry {
      std::string key;
      uint64_t hash = 0;
      V value{};
    };

    void load_oldest() {
      auto& oldest = ring_[first_];
      state_.load_hashed(oldest.key, oldest.hash, std::move(oldest.value));
      first_ = (first_ + 1) % depth;
      --pending_;
    }

    keyed_state& state_;
    entry ring_[depth];
    size_t first_ = 0;
    size_t pending_ = 0;
  };

  /// Starts loading the slot of `key` into the cache: a batch calls it a
  /// few records ahead of the one it applies. Always inlined: GCC takes a
  /// function that only prefetches for one without effects and drops the
  /// call.
  [[gnu::always_inline]] void prefetch(std::string_view key) const {
    prefetch_slot(hash_of(key));
  }

  /// Calls `visit(key, value)` for every key changed since the last call
  /// and present now, then forgets that they changed. A checkpoint that
  /// writes changes key by key calls drain_erased first (see there).
  template <class F>
  void drain_changes(F&& visit) {
    for (auto i : dirty_) {
      auto& s = slots_[i];
      s.dirty = false;
      if (s.is_live())
        visit(key_of(s), s.value);
    }
    dirty_.clear();
  }

  /// Calls `visit(key)` once for every erase since the last call that
  /// removed a key, in the order erased, then forgets them. A key erased
  /// and then written again since the last drain is visited here as well
  /// as by drain_changes, so a checkpoint must write the deletions first
  /// and the puts after them: call drain_erased, then drain_changes, into
  /// one ordered batch, and the key ends up present with its new value.
  template <class F>
  void drain_erased(F&& visit) {
    std::string_view rest = erased_;
    while (!rest.empty()) {
      uint32_t length = 0;
      std::memcpy(&length, rest.data(), sizeof length);
      visit(rest.substr(sizeof length, length));
      rest.remove_prefix(sizeof length + length);
    }
    erased_.clear();
    erased_count_ = 0;
  }

  /// Forgets which keys changed and which were erased, as if drained: a
  /// checkpoint that writes the whole table needs neither.
  void forget_changes() {
    for (auto i : dirty_)
      slots_[i].dirty = false;
    dirty_.clear();
    erased_.clear();
    erased_count_ = 0;
  }

  /// Calls `visit(key, value&)` for every key present, in no particular
  /// order.
  template <class F>
  void for_each(F&& visit) {
    for (auto& s : slots_)
      if (s.is_live())
        visit(key_of(s), s.value);
  }

  /// Number of keys present (not counting erased ones).
  size_t size() const noexcept { return size_; }

  /// Number of slots, live, erased or empty: the table's memory is this
  /// many slots of 32 bytes (for values up to 8 bytes).
  size_t capacity() const noexcept { return slots_.size(); }

  /// The most slots a lookup steps past its key's first slot: a health
  /// check of the hash (a few dozen at most when keys spread).
  size_t longest_probe() const {
    auto mask = slots_.size() - 1;
    size_t longest = 0;
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].is_live())
        longest = std::max(longest, (i - hash_of(key_of(slots_[i]))) & mask);
    return longest;
  }

  /// Roughly how many keys the next drains report, changed and erased, for
  /// choosing between writing changes and writing the whole table: a key
  /// changed and then erased since the last drain counts twice.
  size_t changed() const noexcept { return dirty_.size() + erased_count_; }

private:
  static constexpr size_t inline_capacity = 18;
  static constexpr uint8_t long_key = 0xFF;

  // The slot without its value: tag, length, dirty, key bytes.
  static constexpr size_t slot_header = 4 + 1 + 1 + inline_capacity;
  // A slot of up to 32 bytes (values up to 8 bytes) is aligned so it never
  // straddles two cache lines; a larger one is packed, since rounding it up
  // to 64 bytes would cost more memory than the odd split line costs time.
  static constexpr size_t slot_alignment =
      slot_header + sizeof(V) <= 32 ? 32
                                    : std::max(alignof(V), alignof(uint32_t));

  // The tag of an erased key's slot. Live tags are odd (tag_of), an empty
  // slot's is 0: a lookup compares tags and steps past a tombstone without
  // a test of its own.
  static constexpr uint32_t tombstone = 2;

  struct alignas(slot_alignment) slot {
    uint32_t tag = 0;   // 0 (empty), tombstone, or odd high hash bits
    uint8_t length = 0; // of an inline key, or long_key
    bool dirty = false; // whether this slot's index is in dirty_
    char bytes[inline_capacity]{}; // the key, or its index in long_keys_
    V value{};
    bool is_live() const noexcept { return (tag & 1) != 0; }
  };

  static std::string_view key_in(const slot& s,
                                 const std::vector<std::string>& long_keys) {
    if (s.length != long_key)
      return {s.bytes, s.length};
    return long_keys[long_key_index(s)];
  }

  std::string_view key_of(const slot& s) const { return key_in(s, long_keys_); }

  static uint32_t long_key_index(const slot& s) noexcept {
    uint32_t index = 0;
    std::memcpy(&index, s.bytes, sizeof index);
    return index;
  }

  void set_key(slot& s, std::string_view key) {
    if (key.size() < long_key && key.size() <= inline_capacity) {
      s.length = static_cast<uint8_t>(key.size());
      std::memcpy(s.bytes, key.data(), key.size());
      return;
    }
    uint32_t index = 0;
    if (free_long_keys_.empty()) {
      index = static_cast<uint32_t>(long_keys_.size());
      long_keys_.emplace_back(key);
    } else {
      index = free_long_keys_.back();
      free_long_keys_.pop_back();
      long_keys_[index].assign(key);
    }
    s.length = long_key;
    std::memcpy(s.bytes, &index, sizeof index);
  }

  // Frees an erased slot's long key for another: under churn, long keys
  // would otherwise pile up until the next rehash.
  void release_key(slot& s) {
    if (s.length != long_key)
      return;
    auto index = long_key_index(s);
    std::string{}.swap(long_keys_[index]);
    free_long_keys_.push_back(index);
  }

  // Appends to erased_ a key that drain_erased will report: one buffer
  // rather than a string per key, since expiry may erase millions between
  // two checkpoints.
  void remember_erased(std::string_view key) {
    auto length = static_cast<uint32_t>(key.size());
    erased_.append(reinterpret_cast<const char*>(&length), sizeof length);
    erased_.append(key);
    ++erased_count_;
  }

  // Small, since a window operator holds one table per open window.
  static constexpr size_t min_capacity = 16;
  // Grow past 3/4 full: linear probing stays short below that.
  static constexpr size_t max_load_num = 3;
  static constexpr size_t max_load_den = 4;

  static uint64_t mix(uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
  }

  // Only the table's layout in memory depends on this hash, so unlike the
  // key group hash (stable_hash, FNV-1a byte by byte) it need not stay the
  // same across builds, and reads whole words: hashing every key twice a
  // record (prefetch and lookup) byte by byte cost more than the lookup.
  uint64_t hash_of(std::string_view key) const noexcept {
    const char* p = key.data();
    size_t n = key.size();
    uint64_t h = seed_ ^ n;
    for (; n > 8; p += 8, n -= 8)
      h = mix(h ^ load<uint64_t>(p));
    uint64_t tail = 0; // the last 0 to 8 bytes
    if (n >= 4)
      tail = uint64_t{load<uint32_t>(p)} << 32 | load<uint32_t>(p + n - 4);
    else if (n > 0)
      tail = uint64_t{static_cast<uint8_t>(p[0])} << 16 |
             uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
             static_cast<uint8_t>(p[n - 1]);
    return mix(h ^ tail);
  }

  // Each table hashes with a seed of its own. Filled in another table's
  // slot order (a restore of a whole window or key group), a table with
  // the same hash would get runs of neighbouring hashes while it is
  // smaller, and linear probing degenerates: a restore of 10M keys took
  // minutes instead of a second.
  static uint64_t next_seed() noexcept {
    static std::atomic<uint64_t> tables{0};
    return mix((tables.fetch_add(1, std::memory_order_relaxed) + 1) *
               0x9e3779b97f4a7c15ull);
  }

  [[gnu::always_inline]] void prefetch_slot(uint64_t hash) const {
    __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }

  void load_hashed(std::string_view key, uint64_t hash, V value) {
    // Not into a tombstone: one still marked as changed would report the
    // loaded key as changed.
    auto i = insert_at(locate(key, hash), hash, key, false);
    slots_[i].value = std::move(value);
  }

  static uint32_t tag_of(uint64_t hash) noexcept {
    return static_cast<uint32_t>(hash >> 32) | 1;
  }

  // The slot holding `key`, or the empty slot that ends its probe (past
  // any tombstones: no live tag equals theirs).
  size_t locate(std::string_view key, uint64_t hash) const {
    auto mask = slots_.size() - 1;
    auto tag = tag_of(hash);
    auto i = hash & mask;
    while (slots_[i].tag != 0 &&
           (slots_[i].tag != tag || !holds(slots_[i], key)))
      i = (i + 1) & mask;
    return i;
  }

  // The first tombstone on the probe of `hash` before slot `end`, or `end`.
  size_t first_tombstone(uint64_t hash, size_t end) const {
    auto mask = slots_.size() - 1;
    auto i = hash & mask;
    while (i != end && slots_[i].tag != tombstone)
      i = (i + 1) & mask;
    return i;
  }

  // Whether slot `s` holds `key`. An inline key is compared with a few
  // word loads: a call to memcmp for a dozen bytes was a tenth of the time
  // of applying a transaction.
  bool holds(const slot& s, std::string_view key) const {
    if (s.length == long_key)
      return key_of(s) == key;
    return s.length == key.size() && equal_short(s.bytes, key.data(), s.length);
  }

  template <class Word>
  static Word load(const char* p) noexcept {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  // a[0, n) == b[0, n) for n <= inline_capacity, reading only those bytes:
  // the first and last words overlap where n is not a multiple.
  static bool equal_short(const char* a, const char* b, size_t n) noexcept {
    static_assert(inline_capacity <= 24);
    if (n >= 8)
      return load<uint64_t>(a) == load<uint64_t>(b) &&
             load<uint64_t>(a + n - 8) == load<uint64_t>(b + n - 8) &&
             (n <= 16 || load<uint64_t>(a + 8) == load<uint64_t>(b + 8));
    if (n >= 4)
      return load<uint32_t>(a) == load<uint32_t>(b) &&
             load<uint32_t>(a + n - 4) == load<uint32_t>(b + n - 4);
    for (size_t i = 0; i < n; ++i)
      if (a[i] != b[i])
        return false;
    return true;
  }

  // Answers i if slot i holds the key already, else inserts it (see
  // insert_new).
  size_t insert_at(size_t i, uint64_t hash, std::string_view key,
                   bool may_revive = true) {
    return slots_[i].is_live() ? i : insert_new(i, hash, key, may_revive);
  }

  // Puts `key`, found missing at the empty slot i, into the first
  // tombstone on its probe if `may_revive` and there is one, else into
  // slot i (rehashing first if the table is full enough); answers where
  // the key is now. Out of line, so that a batch's loop, which mostly
  // writes keys present, keeps its values in registers (inlined, this cost
  // it three instructions a write); a new key costs a copy of the key.
  [[gnu::noinline]] size_t insert_new(size_t i, uint64_t hash,
                                      std::string_view key, bool may_revive) {
    auto at = tombstones_ > 0 && may_revive ? first_tombstone(hash, i) : i;
    if (at != i) {
      --tombstones_;
    } else if ((size_ + tombstones_ + 1) * max_load_den >
               slots_.size() * max_load_num) {
      rehash(capacity_for_rehash());
      at = locate(key, hash);
    }
    set_key(slots_[at], key);
    slots_[at].tag = tag_of(hash);
    ++size_;
    return at;
  }

  // As many slots, to drop the tombstones, while keys fill at most half of
  // them, else twice as many: either way a quarter of the slots or more
  // are free afterwards, so rehashing moves at most two keys per insert
  // however keys churn, and a table of steady size does not grow. (Keeping
  // 3/8 free doubled a churning table of 1M keys to 4M slots, and made it
  // slower: a larger table misses the cache more.)
  size_t capacity_for_rehash() const {
    if ((size_ + 1) * 2 > slots_.size())
      return slots_.size() * 2;
    return slots_.size();
  }

  V& write_at(size_t i, uint64_t hash, std::string_view key) {
    i = insert_at(i, hash, key);
    auto& s = slots_[i];
    if (!s.dirty) {
      s.dirty = true;
      dirty_.push_back(static_cast<uint32_t>(i));
    }
    return s.value;
  }

  // Moves the live keys into a table of `capacity` slots, dropping the
  // tombstones and the long keys freed by erasures. A tombstone's change
  // mark goes with it: its erasure is in erased_ already.
  void rehash(size_t capacity) {
    std::vector<slot> old(capacity);
    old.swap(slots_);
    std::vector<std::string> old_long_keys;
    old_long_keys.swap(long_keys_);
    long_keys_.reserve(old_long_keys.size() - free_long_keys_.size());
    free_long_keys_.clear();
    auto mask = slots_.size() - 1;
    dirty_.clear();
    for (auto& s : old) {
      if (!s.is_live())
        continue;
      auto i = hash_of(key_in(s, old_long_keys)) & mask;
      while (slots_[i].tag != 0)
        i = (i + 1) & mask;
      if (s.dirty)
        dirty_.push_back(static_cast<uint32_t>(i));
      auto& moved = slots_[i] = std::move(s);
      if (moved.length == long_key) {
        auto index = static_cast<uint32_t>(long_keys_.size());
        long_keys_.push_back(std::move(old_long_keys[long_key_index(moved)]));
        std::memcpy(moved.bytes, &index, sizeof index);
      }
    }
    tombstones_ = 0;
  }

  uint64_t seed_ = next_seed();
  std::vector<slot> slots_;
  std::vector<std::string> long_keys_;
  std::vector<uint32_t> free_long_keys_; // indices of erased long keys
  size_t size_ = 0;
  size_t tombstones_ = 0;
  std::vector<uint32_t> dirty_;
  std::string erased_; // keys erased since the last drain, length-prefixed
  size_t erased_count_ = 0;
};

} // namespace eddy
