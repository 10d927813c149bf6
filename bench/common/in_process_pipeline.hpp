// A pipeline job (ipdr, sensors) in this process, in an actor system of its
// own: what the in-memory figures of the windowed jobs run, so that they
// start, count and stop it alike.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bench/common/job_actor_system.hpp"
#include "bench/common/setting_list.hpp"
#include "config/settings.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/output_writers.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy::bench {

/// The eddy program's defaults (every job's keys), state, outputs and
/// savepoints under `dir`, then `extra` (--set). Throws bench_failure
/// naming a bad key or value.
settings in_process_settings(const std::string& dir, const setting_list& extra);

class in_process_pipeline {
public:
  /// Starts `plan` in an actor system of its own (job_actor_system) with
  /// the engine options of job `job` in `cfg`; its outputs go to
  /// `writers`. Throws bench_failure naming the job and why it did not
  /// start.
  in_process_pipeline(const settings& cfg, const std::string& job,
                      job_plan plan, output_writers writers);

  /// Stops the job: sources drained, a last checkpoint taken.
  ~in_process_pipeline();

  in_process_pipeline(const in_process_pipeline&) = delete;
  in_process_pipeline& operator=(const in_process_pipeline&) = delete;

  pipeline_job& job() { return *job_; }

  /// Records the job's partitions applied, summed, as /v1/jobs counts them.
  uint64_t records_applied() const;

  /// Records its windows took in, summed: every record applied is in a
  /// window once they are as many as records_applied.
  uint64_t records_windowed() const;

private:
  job_actor_system sys_;
  std::unique_ptr<pipeline_job> job_;
};

} // namespace eddy::bench
