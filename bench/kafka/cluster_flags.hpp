// The flags of the programs that run eddy against the dev Kafka cluster:
// which eddy-devkafka runs, and eddy settings for every run.
#pragma once

#include <string>
#include <string_view>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

struct cluster_flags {
  /// --devkafka: the dev cluster's program; empty: the one next to this
  /// program.
  std::string devkafka_program;
  /// --set: eddy settings over the benchmark's; the kafka.* ones also go
  /// to the benchmark's own clients, so they fetch alike.
  setting_list extra_settings;

  /// --devkafka, or eddy-devkafka next to this program.
  std::string devkafka() const;
};

/// Reads `flag` into `flags` if it is --devkafka or --set and answers true;
/// false for any other flag. Throws bench_failure for a bad value.
bool read_cluster_flag(std::string_view flag, std::string_view value,
                       cluster_flags& flags);

} // namespace eddy::bench
