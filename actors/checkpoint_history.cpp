// Reads the latest checkpoint's record; see checkpoint_history.hpp.
#include "actors/checkpoint_history.hpp"

namespace eddy {

caf::expected<std::optional<checkpoint_status>>
latest_checkpoint(const state_store& store) {
  auto stored = store.get(checkpoint_family, checkpoint_record_key);
  if (!stored)
    return stored.error();
  if (!*stored)
    return std::optional<checkpoint_status>{};
  auto record = decode_checkpoint_record(**stored, store.dir());
  if (!record)
    return record.error();
  return std::optional<checkpoint_status>{std::move(*record)};
}

} // namespace eddy
