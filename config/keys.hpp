// The keys of the server and the engine, shared by every job (keys.cpp), and
// how the keys of all parts of a process are looked up. Each job declares its
// own keys beside its options (apps/<job>/).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "config/key_spec.hpp"

namespace eddy {

/// The keys of one part of Eddy, in the order --help and the .properties
/// files list them: the server's and the engine's (section ""), or one
/// job's (section: its name). Tables are static; spans stay valid.
struct key_table {
  std::string_view section;
  std::span<const key_spec> keys;
};

/// Every table a process knows: the shared keys and each job's.
using key_registry = std::vector<key_table>;

/// The server's and the engine's keys, set once for every job.
key_table shared_keys();

/// The declaration of key `name` in `registry`, or nullptr if no key has
/// that name.
const key_spec* find_key(const key_registry& registry, std::string_view name);

} // namespace eddy
