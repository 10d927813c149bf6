// The in-memory job's input: the table's readings decoded by several
// generators, as the job's own generator source decodes what it makes (and
// the Kafka source a message), counted per generator.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "apps/sensors/sensor_pipeline.hpp"
#include "bench/sensors/reading_table.hpp"

namespace eddy::bench {

class table_feed {
public:
  /// How the table is read.
  enum class repeat { cycled, once };

  /// Record i is the table's reading i decoded with `decode` (a malformed
  /// one is dropped), made by generator i % `parallelism`; read `once`,
  /// the records past the table's size are made empty. The table must
  /// outlive the source.
  table_feed(const reading_table& table, sensors::decoder decode,
             uint32_t parallelism, repeat reads = repeat::cycled);

  /// The job's source: generator_input as fast as the job takes them.
  source_plan<sensors::reading> source() const;

  /// Readings decoded so far, by all generators (records made empty left
  /// out).
  uint64_t decoded() const;

private:
  /// One generator's count, alone on its cache line: each generator
  /// counts its own, so that they do not contend.
  struct alignas(64) counter {
    std::atomic<uint64_t> decoded{0};
  };

  const reading_table* table_;
  sensors::decoder decode_;
  uint32_t parallelism_;
  repeat reads_;
  std::shared_ptr<std::vector<counter>> counters_;
};

} // namespace eddy::bench
