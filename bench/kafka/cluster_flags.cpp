// Reads --devkafka and --set.
#include "bench/kafka/cluster_flags.hpp"

#include "bench/common/command_line.hpp"
#include "bench/kafka/dev_cluster.hpp"

namespace eddy::bench {

std::string cluster_flags::devkafka() const {
  return devkafka_program.empty() ? dev_cluster::next_to_this_program()
                                  : devkafka_program;
}

bool read_cluster_flag(std::string_view flag, std::string_view value,
                       cluster_flags& flags) {
  if (flag == "--devkafka")
    flags.devkafka_program = value;
  else if (flag == "--set")
    flags.extra_settings.push_back(key_value(flag, value));
  else
    return false;
  return true;
}

} // namespace eddy::bench
