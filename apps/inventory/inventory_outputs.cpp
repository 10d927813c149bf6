// Builds the inventory job's writers from the settings.
#include "apps/inventory/inventory_outputs.hpp"

#include "apps/inventory/inventory_options.hpp"
#include "apps/inventory/inventory_pipeline.hpp"
#include "connectors/kafka/kafka_writer.hpp"
#include "connectors/line_writer.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"
#include "runtime/keyed_stage.hpp"

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
caf::error add_text_writer(const settings& cfg, const std::string& key,
                           const std::string& file, named_writers<T>& writers) {
  auto json = cfg.get_string("output.format") == "json";
  auto kind = cfg.get_string(key);
  std::shared_ptr<text_output> target;
  if (kind == "stdout") {
    target = text_output::standard_output();
  } else if (kind == "file") {
    auto opened = text_output::append_to(cfg.get_string("output.dir") + "/" +
                                         file + (json ? ".jsonl" : ".txt"));
    if (!opened)
      return opened.error();
    target = *opened;
  } else {
    return {};
  }
  writers.emplace_back(target->name(),
                       std::make_unique<line_writer<T>>(
                           target, [json](const T& x, std::string& line) {
                             format_as(json, x, line);
                           }));
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
  // Each exactly-once writer needs its own transactional producer; one id
  // for all of them would make them fence each other.
  if (cfg.kafka_properties().contains("transactional.id"))
    return make_error(ec::invalid_config,
                      "kafka.transactional.id: Eddy sets transactional ids "
                      "itself; use sink.kafka.exactly_once=true and "
                      "sink.kafka.transactional.id instead");
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
  if (auto err =
          add_text_writer(cfg, "transaction.results.sink",
                          "transaction-results", out.transaction_results))
    return err;
  if (auto err = add_text_writer(cfg, "query.results.sink", "query-results",
                                 out.query_results))
    return err;
  if (auto err = add_text_writer(cfg, "alert.sink", "alerts", out.alerts))
    return err;
  auto letters = text_output::append_to(cfg.get_string("output.dir") +
                                        "/dead-letters.txt");
  if (!letters)
    return letters.error();
  out.dead_letters.emplace_back(
      (*letters)->name(),
      std::make_unique<line_writer<dead_letter>>(
          *letters,
          [](const dead_letter& x, std::string& line) { format(x, line); }));
  auto kafka_out = cfg.get_bool("sink.kafka.enabled");
  auto kafka_in = read_inventory_options(cfg).kafka.enabled;
  if (!kafka_out && !kafka_in && !cfg.get_bool("sink.kafka.exactly_once"))
    return out;
  if (auto err = check_kafka_settings(cfg, kafka_in))
    return err;
  auto producer_props = producer_properties(cfg.kafka_properties());
  auto producer =
      kafka_producer::make(producer_props, kafka_producer::default_init_timeout,
                           {"inventory", "kafka producer"});
  if (!producer)
    return producer.error();
  auto shared = std::make_shared<kafka_producer>(std::move(*producer));
  auto json = cfg.get_string("sink.kafka.format") == "json";
  auto topic = [&](const char* key) { return cfg.get_string(key); };
  out.dead_letters.emplace_back(
      "kafka " + topic("dead.letter.topic"),
      std::make_unique<kafka_writer<dead_letter>>(
          shared, topic("dead.letter.topic"),
          [](const dead_letter& x, std::string& key, std::string& payload) {
            key = x.source;
            format(x, payload);
          }));
  if (!kafka_out)
    return out;
  // Exactly once: each results writer has its own transactional producer,
  // committed by its sink with every checkpoint; the id is stable across
  // restarts so a new run fences (and aborts) what a killed one left open.
  auto results_producer = [&](const std::string& output_topic)
      -> caf::expected<std::shared_ptr<kafka_producer>> {
    if (!cfg.get_bool("sink.kafka.exactly_once"))
      return shared;
    auto props = producer_props;
    props["transactional.id"] =
        cfg.get_string("sink.kafka.transactional.id") + "." + output_topic;
    auto made =
        kafka_producer::make(props, kafka_producer::default_init_timeout,
                             {"inventory", "kafka producer " + output_topic});
    if (!made)
      return made.error();
    return std::make_shared<kafka_producer>(std::move(*made));
  };
  auto tx_producer = results_producer(topic("transaction.output.topic"));
  if (!tx_producer)
    return tx_producer.error();
  auto query_producer = results_producer(topic("query.output.topic"));
  if (!query_producer)
    return query_producer.error();
  out.transaction_results.emplace_back(
      "kafka " + topic("transaction.output.topic"),
      std::make_unique<kafka_writer<transaction_result>>(
          *tx_producer, topic("transaction.output.topic"),
          [json](const transaction_result& x, std::string& key,
                 std::string& payload) {
            key = x.transaction.item_id;
            format_as(json, x, payload);
          }));
  // Keyed by queryId, so a querying service can scale by partition (the
  // seed's HashingKafkaPartitioner).
  out.query_results.emplace_back(
      "kafka " + topic("query.output.topic"),
      std::make_unique<kafka_writer<query_result>>(
          *query_producer, topic("query.output.topic"),
          [json](const query_result& x, std::string& key,
                 std::string& payload) {
            key = std::to_string(x.query_id);
            format_as(json, x, payload);
          }));
  return out;
}

} // namespace eddy
