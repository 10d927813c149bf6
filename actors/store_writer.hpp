// Writes checkpoint batches to the state store on a thread of its own, so
// partitions and windows go on applying records while RocksDB takes their
// snapshots. One writer per store writes in the order it was asked: a
// snapshot an old incarnation handed over before it crashed lands before
// anything its restarted successor writes, never after.
#pragma once

#include <memory>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/typed_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/state_store.hpp"

namespace eddy {

/// What one state_store::write() call takes.
using store_batch = state_store::batch;

/// Answers once the batch is written, or with the store's error.
using store_writer_actor =
    caf::typed_actor<caf::reacts_to<std::shared_ptr<const store_batch>>>;

inline store_writer_actor::behavior_type
store_writer(store_writer_actor::pointer, std::shared_ptr<state_store> store) {
  return {
      [store](const std::shared_ptr<const store_batch>& batch)
          -> caf::result<void> {
        if (auto ok = store->write(*batch); !ok)
          return ok.error();
        return caf::unit;
      },
  };
}

/// The writer of `store`, on a thread of its own (it blocks in RocksDB).
inline store_writer_actor
spawn_store_writer(caf::actor_system& sys, std::shared_ptr<state_store> store) {
  return sys.spawn<caf::detached>(store_writer, std::move(store));
}

} // namespace eddy

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<const eddy::store_batch>)
