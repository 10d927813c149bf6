// What a job reports about itself on /v1/jobs: its state and, per partition,
// how much it processed and how often it was restarted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace eddy {

struct partition_status {
  int32_t id = 0;
  std::string state; // "running", "restarting" or "failed"
  uint64_t records_processed = 0;
  uint32_t restarts = 0;
  std::string last_restart_reason; // empty if never restarted
};

struct job_status {
  std::string name;
  std::string state; // "running", "restarting" or "failed"
  std::vector<partition_status> partitions;
};

} // namespace eddy
