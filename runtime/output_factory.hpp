// Makes the writers behind a job's outputs from the shared settings, so a
// job says only which outputs go where and how a record reads: stdout,
// files appended to, rolling part files, Kafka topics and the dead letters.
// Kafka: one producer per job, or with sink.kafka.exactly_once a transactional
// producer per topic, its id `<sink.kafka.transactional.id>.<topic>` stable
// across restarts so a new run fences (and aborts) what a killed one left open.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "connectors/files/rolling_file_writer.hpp"
#include "connectors/kafka/kafka_writer.hpp"
#include "connectors/line_writer.hpp"
#include "messages/dead_letter.hpp"
#include "runtime/output_writers.hpp"

namespace eddy {

/// Appends one record as a line (without the newline).
template <class T>
using line_format = std::function<void(const T&, std::string&)>;

/// Fills a Kafka message's key (empty: none) and payload from a record.
template <class T>
using message_format =
    std::function<void(const T&, std::string& key, std::string& payload)>;

class output_factory {
public:
  /// For the job `job`; reads output.dir, dead.letter.topic and the
  /// sink.kafka.* switches at once and the kafka.* properties when a Kafka
  /// writer is made (so that they count as used only then). Keeps a
  /// reference to `cfg`: a factory lives while its job's writers are made.
  output_factory(const settings& cfg, std::string job);

  /// Whether Kafka outputs are transactional (sink.kafka.exactly_once).
  bool is_exactly_once() const noexcept { return exactly_once_; }

  /// output.dir: where files go unless a job's key says otherwise.
  const std::string& output_dir() const noexcept { return output_dir_; }

  /// Adds a writer of lines to stdout.
  template <class T>
  void to_stdout(named_writers<T>& writers, line_format<T> format) {
    add_lines(writers, text_output::standard_output(), std::move(format));
  }

  /// Adds a writer appending lines to the file `path` (created with its
  /// directories). Fails with ec::connector_failure naming the path.
  template <class T>
  [[nodiscard]] caf::error to_file(named_writers<T>& writers,
                                   const std::string& path,
                                   line_format<T> format) {
    auto opened = text_output::append_to(path);
    if (!opened)
      return opened.error();
    add_lines(writers, std::move(*opened), std::move(format));
    return {};
  }

  /// Adds a writer of lines to rolling part files in `parts.directory`,
  /// finished once a completed checkpoint covers them (exactly once, see
  /// connectors/files/). Fails naming a directory that cannot be written.
  template <class T>
  [[nodiscard]] caf::error to_part_files(named_writers<T>& writers,
                                         part_files_options parts,
                                         line_format<T> format) {
    rolling_file_options<T> opts;
    static_cast<part_files_options&>(opts) = std::move(parts);
    opts.format = std::move(format);
    auto made = rolling_file_writer<T>::make(std::move(opts));
    if (!made)
      return made.error();
    auto name = (*made)->name();
    writers.emplace_back(std::move(name), std::move(*made));
    return {};
  }

  /// Adds a writer sending each record to `topic`: in Kafka transactions
  /// committed with the checkpoints when exactly-once is on. Fails naming
  /// kafka.bootstrap.servers when it is missing, or when a producer cannot
  /// be made.
  template <class T>
  [[nodiscard]] caf::error to_kafka(named_writers<T>& writers,
                                    const std::string& topic,
                                    message_format<T> format) {
    auto producer =
        exactly_once_ ? transactional_producer(topic) : shared_producer();
    if (!producer)
      return producer.error();
    writers.emplace_back("kafka " + topic,
                         std::make_unique<kafka_writer<T>>(
                             std::move(*producer), topic, std::move(format)));
    return {};
  }

  /// The dead letters' writers: the file `output.dir/<file_name>` and, if
  /// `to_kafka`, dead.letter.topic (keyed by the letter's source).
  [[nodiscard]] caf::expected<named_writers<dead_letter>>
  dead_letters(const std::string& file_name, bool to_kafka);

private:
  template <class T>
  static void add_lines(named_writers<T>& writers,
                        std::shared_ptr<text_output> target,
                        line_format<T> format) {
    auto name = target->name();
    writers.emplace_back(
        std::move(name),
        std::make_unique<line_writer<T>>(std::move(target), std::move(format)));
  }

  caf::expected<std::shared_ptr<kafka_producer>> shared_producer();
  caf::expected<std::shared_ptr<kafka_producer>>
  transactional_producer(const std::string& topic);
  caf::expected<std::shared_ptr<kafka_producer>>
  make_producer(kafka_properties props, const std::string& what);

  const settings& cfg_;
  std::string job_;
  std::string output_dir_;
  std::string dead_letter_topic_;
  bool exactly_once_ = false;
  std::string transactional_id_;
  std::shared_ptr<kafka_producer> shared_;
};

} // namespace eddy
