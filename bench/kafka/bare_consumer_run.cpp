// Runs the bare consumer and turns what it read into metrics.
#include "bench/kafka/bare_consumer_run.hpp"

#include "bench/common/progress.hpp"
#include "bench/kafka/bare_consumer.hpp"
#include "bench/kafka/job_settings.hpp"

namespace eddy::bench {

std::vector<metric> bare_consumer_run(const std::string& bootstrap,
                                      const setting_list& extra,
                                      const std::string& topic, int partitions,
                                      uint64_t records,
                                      const std::string& payload) {
  auto read = read_with_bare_consumer(
      client_properties(bootstrap, fresh_group_id("bare"), extra), topic,
      partitions, records);
  progress("  bare consumer: " + with_commas(read.records) + " records at " +
           format(read.rate(), unit::per_second) + " (first after " +
           format(read.first_record_ms, unit::ms) + ")");
  auto mean_bytes =
      static_cast<double>(read.bytes) / static_cast<double>(read.records);
  return {
      {"records/s", read.rate(), unit::per_second},
      {"key and " + payload, read.rate() * mean_bytes, unit::bytes_per_second},
      {"first record after", read.first_record_ms, unit::ms},
      {"input partitions", static_cast<double>(partitions), unit::count}};
}

} // namespace eddy::bench
