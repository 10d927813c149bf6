// Builds the inventory job's writers from the settings.
#include "apps/inventory/inventory_outputs.hpp"

#include "apps/inventory/inventory_options.hpp"
#include "apps/inventory/inventory_pipeline.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"
#include "runtime/keyed_stage.hpp"
#include "runtime/output_factory.hpp"

namespace eddy {

output_writers inventory_outputs::by_name() && {
  output_writers writers;
  writers.add_all(transaction_results_output, std::move(transaction_results));
  writers.add_all(query_results_output, std::move(query_results));
  writers.add_all(alerts_output, std::move(alerts));
  writers.add_all(dead_letters_output, std::move(dead_letters));
  return writers;
}

namespace {

/// Formats records as the settings say: the seed's tab-delimited text or
/// JSON.
template <class T>
void format_as(bool json, const T& x, std::string& out) {
  if (json)
    format_json(x, out);
  else
    format(x, out);
}

/// Adds the text writer `key` asks for (stdout, a file, or nothing).
template <class T>
caf::error add_text_writer(const settings& cfg, output_factory& make,
                           const std::string& key, const std::string& file,
                           named_writers<T>& writers) {
  auto json = cfg.get_string("output.format") == "json";
  auto kind = cfg.get_string(key);
  auto as_line = [json](const T& x, std::string& line) {
    format_as(json, x, line);
  };
  if (kind == "stdout")
    make.to_stdout<T>(writers, as_line);
  else if (kind == "file")
    return make.to_file<T>(
        writers, make.output_dir() + "/" + file + (json ? ".jsonl" : ".txt"),
        as_line);
  return {};
}

/// Kafka needs a broker (a consumer's group defaults to eddy-<job>).
caf::error require_kafka_broker(const settings& cfg) {
  if (cfg.has_kafka_property("bootstrap.servers"))
    return {};
  return make_error(ec::invalid_config,
                    "kafka.bootstrap.servers: required when Kafka is on (set "
                    "it in the properties file, with --set "
                    "kafka.bootstrap.servers=... or "
                    "EDDY_KAFKA_BOOTSTRAP_SERVERS)");
}

} // namespace

caf::error check_kafka_settings(const settings& cfg, bool reads_kafka) {
  // A transactional.id set by hand is refused by output_factory.
  if (cfg.get_bool("sink.kafka.exactly_once") &&
      !cfg.get_bool("sink.kafka.enabled"))
    return make_error(ec::invalid_config,
                      "sink.kafka.exactly_once: needs sink.kafka.enabled=true");
  if (reads_kafka || cfg.get_bool("sink.kafka.enabled"))
    return require_kafka_broker(cfg);
  return {};
}

caf::expected<inventory_outputs> configured_outputs(const settings& cfg) {
  inventory_outputs out;
  output_factory make{cfg, "inventory"};
  if (auto err =
          add_text_writer(cfg, make, "transaction.results.sink",
                          "transaction-results", out.transaction_results))
    return err;
  if (auto err = add_text_writer(cfg, make, "query.results.sink",
                                 "query-results", out.query_results))
    return err;
  if (auto err = add_text_writer(cfg, make, "alert.sink", "alerts", out.alerts))
    return err;
  auto kafka_out = cfg.get_bool("sink.kafka.enabled");
  auto kafka_in = read_inventory_options(cfg).kafka.enabled;
  auto uses_kafka =
      kafka_out || kafka_in || cfg.get_bool("sink.kafka.exactly_once");
  if (uses_kafka)
    if (auto err = check_kafka_settings(cfg, kafka_in))
      return err;
  auto letters = make.dead_letters("dead-letters.txt", uses_kafka);
  if (!letters)
    return letters.error();
  out.dead_letters = std::move(*letters);
  if (!kafka_out)
    return out;
  auto json = cfg.get_string("sink.kafka.format") == "json";
  if (auto err = make.to_kafka<transaction_result>(
          out.transaction_results, cfg.get_string("transaction.output.topic"),
          [json](const transaction_result& x, std::string& key,
                 std::string& payload) {
            key = x.transaction.item_id;
            format_as(json, x, payload);
          }))
    return err;
  // Keyed by queryId, so a querying service can scale by partition (the
  // seed's HashingKafkaPartitioner).
  if (auto err = make.to_kafka<query_result>(
          out.query_results, cfg.get_string("query.output.topic"),
          [json](const query_result& x, std::string& key,
                 std::string& payload) {
            key = std::to_string(x.query_id);
            format_as(json, x, payload);
          }))
    return err;
  return out;
}

} // namespace eddy
