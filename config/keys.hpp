// The table of every configuration key Eddy knows: each declared once, with
// its default, bounds and description (keys.cpp).
#pragma once

#include <span>
#include <string_view>

#include "config/key_spec.hpp"

namespace eddy {

/// Every declared key, in the order --help and inventory.properties list
/// them. The table is static; the span stays valid for the whole program.
std::span<const key_spec> declared_keys();

/// The declaration of key `name`, or nullptr if no key has that name.
const key_spec* find_key(std::string_view name);

} // namespace eddy
