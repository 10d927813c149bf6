// Reads the inventory's settings.
#include "apps/inventory/inventory_options.hpp"

namespace eddy {

inventory_options read_inventory_options(const settings& cfg) {
  inventory_options opts;
  auto& gen = opts.generator;
  gen.enabled = cfg.get_bool("generator.enabled");
  gen.rate = static_cast<uint64_t>(cfg.get_int("generator.rate"));
  gen.seed = static_cast<uint64_t>(cfg.get_int("generator.seed"));
  gen.num_items = cfg.get_int("num.items");
  gen.with_queries = cfg.get_bool("generate.queries");
  if (cfg.get_bool("socket.enabled"))
    opts.socket =
        socket_lines::options{cfg.get_string("socket.host"),
                              static_cast<uint16_t>(cfg.get_int("socket.port")),
                              std::chrono::milliseconds{1000}};
  opts.kafka.enabled = cfg.get_bool("source.kafka.enabled");
  opts.kafka.transaction_topic = cfg.get_string("transaction.input.topic");
  opts.kafka.query_topic = cfg.get_string("query.input.topic");
  opts.mqtt.enabled = cfg.get_bool("source.mqtt.enabled");
  opts.mqtt.client_id = cfg.get_string("mqtt.client.id");
  opts.mqtt.topic = cfg.get_string("mqtt.topic");
  opts.mqtt.is_json = cfg.get_string("mqtt.format") == "json";
  opts.window.size = cfg.get_duration("window.size.ms");
  opts.window.is_event_time = cfg.get_string("window.time") == "event";
  opts.window.out_of_orderness = cfg.get_duration("window.out_of_orderness.ms");
  opts.min_transactions = cfg.get_int("transaction.num.min");
  opts.min_failure_rate = cfg.get_double("transaction.failure.rate.min");
  return opts;
}

} // namespace eddy
