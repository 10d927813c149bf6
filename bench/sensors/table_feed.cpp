// Decodes the table's readings on the job's generators.
#include "bench/sensors/table_feed.hpp"

namespace eddy::bench {

table_feed::table_feed(const reading_table& table, sensors::decoder decode,
                       uint32_t parallelism, repeat reads)
    : table_(&table), decode_(std::move(decode)), parallelism_(parallelism),
      reads_(reads),
      counters_(std::make_shared<std::vector<counter>>(parallelism)) {}

source_plan<sensors::reading> table_feed::source() const {
  return generator_input<sensors::reading>(
      0,
      [table = table_, decode = decode_, n = parallelism_,
       once = reads_ == repeat::once, counters = counters_](
          offset_t i, int64_t, emitter<sensors::reading>& out) {
        auto index = static_cast<uint64_t>(i);
        if (once && index >= table->size())
          return;
        if (auto r = decode(table->at(index)))
          out.emit(std::move(*r));
        // Only generator i % n writes this counter.
        (*counters)[index % n].decoded.fetch_add(1, std::memory_order_relaxed);
      },
      parallelism_);
}

uint64_t table_feed::decoded() const {
  uint64_t sum = 0;
  for (auto& c : *counters_)
    sum += c.decoded.load(std::memory_order_relaxed);
  return sum;
}

} // namespace eddy::bench
