// The seed's data generator: item transactions with a skewed (Pareto) item
// distribution and Gaussian quantities. Record i depends only on the seed
// and i, so a restarted generator reproduces exactly what it made before.
#pragma once

#include <cstdint>

#include "messages/inventory_records.hpp"
#include "messages/stream.hpp"

namespace eddy {

struct transaction_generator {
  uint64_t seed = 42;
  int64_t num_items = 1000;
  double pareto_shape = 15.0;

  /// The transaction at `index`, stamped with event time `ts`; its
  /// transaction id is `index`.
  item_transaction operator()(offset_t index, int64_t ts) const;

  /// The query at `index` for a random item, with query id `index`.
  query make_query(offset_t index) const;
};

} // namespace eddy
