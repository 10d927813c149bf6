// The inventory job's graph for /v1/jobs: its sources feed the partitions by
// key, each partition its windows and the result sinks, the windows the
// alerts, and the parsing sources the dead letters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messages/job_status.hpp"

namespace eddy {

struct inventory_graph_parts {
  struct source {
    std::string name;
    bool sends_dead_letters = false; // it parses, and may fail to
  };
  std::vector<source> sources;
  uint32_t partitions = 0;
  std::vector<std::string> result_sinks; // sink names fed by the partitions
  std::string alerts_sink;
  std::string dead_letters_sink;
};

job_graph inventory_graph(const inventory_graph_parts& parts);

} // namespace eddy
