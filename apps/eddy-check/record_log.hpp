// Where eddy-check reads records: the lines of a file or of a directory's
// files, or every message of a Kafka topic up to its end offsets at start.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

namespace eddy::check {

/// A log of records, as named on the command line: a file path, or
/// `kafka:TOPIC`.
struct log_source {
  std::string path;  // set for a file
  std::string topic; // set for a Kafka topic

  /// Reads `kafka:TOPIC` as a topic, anything else as a path.
  static log_source parse(std::string_view spec);

  bool is_kafka() const noexcept { return !topic.empty(); }

  /// "file 'PATH'" or "topic 'TOPIC'", for messages.
  std::string name() const;
};

/// How to reach Kafka for a `kafka:TOPIC` source.
struct kafka_access {
  std::string bootstrap; // bootstrap.servers
  bool is_read_committed = true;
};

/// Takes one record's text (a line without its newline, or a message's
/// payload). An error stops the reading.
using line_handler = std::function<caf::error(std::string_view line)>;

/// Calls `handle` for every non-empty line of `source` in order: a file
/// from start to end, a directory's visible files (names not starting with
/// '.', as a file sink's finished parts) in name order, a topic from the start
/// of every partition to the end offsets it had when reading began, each
/// partition in its order (the partitions interleaved). Answers how many lines
/// were handled. Fails with what `handle` returned, or with
/// ec::connector_failure when the file cannot be read or the topic cannot be
/// read to its end, the text saying where: "file 'r.txt' line 7: ..." or "topic
/// 'r' partition 2 offset 15:
/// ...".
[[nodiscard]] caf::expected<uint64_t> read_log(const log_source& source,
                                               const kafka_access& kafka,
                                               const line_handler& handle);

/// Reads as read_log, telling on stderr how far it is once a second (see
/// progress) as "WHAT SOURCE", e.g. "input file 'in.txt'"; an error has
/// `what` in front of its text.
[[nodiscard]] caf::expected<uint64_t>
read_log_showing_progress(const log_source& source, const kafka_access& kafka,
                          const std::string& what, const line_handler& handle);

/// The directory part of read_log. Fails with ec::connector_failure when
/// the directory cannot be listed, or as read_file_lines.
[[nodiscard]] caf::expected<uint64_t>
read_directory_lines(const std::string& path, const line_handler& handle);

/// The file part of read_log.
[[nodiscard]] caf::expected<uint64_t>
read_file_lines(const std::string& path, const line_handler& handle);

} // namespace eddy::check
