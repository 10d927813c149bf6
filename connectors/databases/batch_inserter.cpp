// Keeps a database sink's pending rows, inserts them per batch and keeps
// its counters.
#include "connectors/databases/batch_inserter.hpp"

#include <utility>

#include "messages/error.hpp"

namespace eddy {

batch_inserter::batch_inserter(std::string sink, batch_limits batch,
                               std::shared_ptr<database_sink_state> state)
    : sink_(std::move(sink)),
      state_(state ? std::move(state)
                   : std::make_shared<database_sink_state>()),
      pending_(batch) {}

caf::expected<void> batch_inserter::end_row() {
  if (!admit_row(row_begin_)) {
    body_.resize(row_begin_);
    return caf::unit;
  }
  body_.push_back('\n');
  row_begin_ = body_.size();
  ++state_->rows_pending;
  if (!pending_.add_row())
    return caf::unit;
  return insert_batch();
}

caf::expected<void> batch_inserter::insert_pending() {
  auto inserted = insert_batch();
  if (inserted)
    on_flushed();
  return inserted;
}

caf::expected<void> batch_inserter::insert_batch() {
  auto rows = pending_.rows();
  if (rows == 0)
    return caf::unit;
  state_->phase = insert_phase::inserting;
  if (!is_target_created_) {
    if (auto created = create_target(); !created)
      return fail(created.error());
    is_target_created_ = true;
  }
  if (auto sent = send_batch(rows); !sent)
    return fail(sent.error());
  state_->inserted(rows);
  clear_batch();
  return caf::unit;
}

void batch_inserter::clear_batch() {
  body_.clear(); // keeps its capacity for the next batch
  row_begin_ = 0;
  pending_.clear();
  on_batch_cleared();
}

caf::error batch_inserter::fail(const caf::error& reason) {
  state_->failed(pending_.rows());
  clear_batch();
  return make_error(ec::connector_failure, sink_ + ": " + context_of(reason));
}

} // namespace eddy
