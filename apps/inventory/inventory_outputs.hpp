// Where the inventory job's outputs go: named writers per output, built
// from the settings (stdout, files, Kafka topics) or given by a test.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "config/settings.hpp"
#include "messages/dead_letter.hpp"
#include "messages/inventory_records.hpp"
#include "runtime/output_writers.hpp"

namespace eddy {

/// Writers of each of the inventory's outputs; each writer gets its own
/// sink, so a failing one retries without holding the others back.
struct inventory_outputs {
  named_writers<transaction_result> transaction_results;
  named_writers<query_result> query_results;
  named_writers<transaction_summary> alerts;
  named_writers<dead_letter> dead_letters;

  /// The same, by output name, for the runtime.
  output_writers by_name() &&;
};

/// Names the kafka.* key that is missing when Kafka is on
/// (kafka.bootstrap.servers, and kafka.group.id for consuming).
/// `reads_kafka`: whether the inventory's Kafka source is on.
[[nodiscard]] caf::error check_kafka_settings(const settings& cfg,
                                              bool reads_kafka);

/// The outputs the settings ask for: transaction.results.sink,
/// query.results.sink and alert.sink (none, stdout or a file in output.dir,
/// in output.format); with sink.kafka.enabled, transaction and query
/// results also go to their Kafka topics; dead letters always go to
/// output.dir/dead-letters.txt and, when Kafka is on, to dead.letter.topic.
/// Fails when a file cannot be opened or a producer cannot be made.
[[nodiscard]] caf::expected<inventory_outputs>
configured_outputs(const settings& cfg);

} // namespace eddy
