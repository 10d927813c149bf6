// The IPDR rollup's settings (keys `ipdr.*`), read once; the engine's are
// in runtime/engine_options.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "config/keys.hpp"
#include "config/settings.hpp"

namespace eddy::ipdr {

/// Where records too late for their window go (ipdr.late.sink).
enum class late_sink { none, standard_output, file };

struct options {
  struct generator_settings {
    bool enabled = true;
    uint64_t rate = 1000;
    uint64_t seed = 42;
    int64_t macs = 50000;
  } generator;

  struct kafka_settings {
    bool enabled = false;
    std::string input_topic = "ipdr_input";
  } kafka;

  /// The service kept (dsScn).
  std::string scn = "data";
  /// The zone fromTime is read in.
  std::string time_zone = "UTC";

  struct window_settings {
    std::chrono::milliseconds size{std::chrono::hours{1}};
    bool is_event_time = false;
    std::chrono::milliseconds out_of_orderness{std::chrono::minutes{15}};
  } window;

  struct output_settings {
    bool to_stdout = false;
    bool to_files = true;
    /// The finished part files' directory.
    std::string file_dir;
    int64_t part_bytes = 128LL << 20;
    std::chrono::milliseconds rollover{std::chrono::minutes{1}};
    bool to_kafka = false;
    std::string output_topic = "ipdr_output";
    enum late_sink late = late_sink::file;
  } output;
};

/// The job's keys.
key_table keys();

/// Reads the `ipdr.*` keys; keys of parts that are off stay unread (so
/// setting one gets a warning).
options read_options(const settings& cfg);

} // namespace eddy::ipdr
