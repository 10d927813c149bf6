// The in-memory keyed state of one partition, remembering which keys changed
// since the last persist so only those are written back.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eddy {

template <class V>
class keyed_state {
public:
  /// The value of `key`, or nullptr if the key was never written.
  const V* find(std::string_view key) const {
    auto i = entries_.find(key);
    return i == entries_.end() ? nullptr : &i->second.value;
  }

  /// The value of `key` for writing (value-initialized if new); marks the
  /// key as changed.
  V& upsert(std::string_view key) {
    auto i = entries_.find(key);
    if (i == entries_.end())
      i = entries_.try_emplace(std::string{key}).first;
    if (!i->second.dirty) {
      i->second.dirty = true;
      dirty_.push_back(&*i);
    }
    return i->second.value;
  }

  /// Loads a persisted value without marking it changed.
  void load(std::string key, V value) {
    entries_.insert_or_assign(std::move(key), entry{std::move(value), false});
  }

  /// Calls `visit(key, value)` for every key changed since the last call,
  /// then forgets that they changed. Pointers into the map stay valid
  /// across rehashing, so the dirty list can hold them.
  template <class F>
  void drain_changes(F&& visit) {
    for (auto* kv : dirty_) {
      visit(kv->first, kv->second.value);
      kv->second.dirty = false;
    }
    dirty_.clear();
  }

  size_t size() const noexcept { return entries_.size(); }
  size_t changed() const noexcept { return dirty_.size(); }

private:
  // Transparent hashing lets lookups take a string_view without a copy.
  struct key_hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  struct entry {
    V value{};
    bool dirty = false;
  };
  using map_type =
      std::unordered_map<std::string, entry, key_hash, std::equal_to<>>;
  map_type entries_;
  std::vector<typename map_type::value_type*> dirty_;
};

} // namespace eddy
