// Starts a pipeline job in its own actor system and sums its counters.
#include "bench/common/in_process_pipeline.hpp"

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"
#include "runtime/engine_options.hpp"

namespace eddy::bench {

settings in_process_settings(const std::string& dir,
                             const setting_list& extra) {
  setting_list list{{"state.dir", dir + "/state"},
                    {"output.dir", dir + "/out"},
                    {"savepoint.dir", dir + "/savepoints"}};
  list.insert(list.end(), extra.begin(), extra.end());
  return settings_of(list);
}

in_process_pipeline::in_process_pipeline(const settings& cfg,
                                         const std::string& job, job_plan plan,
                                         output_writers writers)
    : sys_(cfg) {
  auto started = std::move(plan).start(
      sys_.get(), read_engine_options(cfg, job, {}), std::move(writers));
  if (!started)
    throw bench_failure{"the " + job +
                        " job did not start: " + describe(started.error())};
  job_ = std::move(*started);
}

in_process_pipeline::~in_process_pipeline() {
  job_->stop();
  job_.reset();
}

uint64_t in_process_pipeline::records_applied() const {
  uint64_t sum = 0;
  for (auto& part : job_->status().partitions)
    sum += part.records_processed;
  return sum;
}

uint64_t in_process_pipeline::records_windowed() const {
  uint64_t sum = 0;
  for (auto& window : job_->status().windows)
    sum += window.load.records_in;
  return sum;
}

} // namespace eddy::bench
