// The inventory job's settings, read once: its sources, windows, alert
// rule and outputs (the engine's are in runtime/engine_options.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/keys.hpp"
#include "config/settings.hpp"
#include "connectors/socket_lines.hpp"

namespace eddy {

struct inventory_options {
  struct generator_settings {
    bool enabled = true;
    uint64_t rate = 1000;
    uint64_t seed = 42;
    int64_t num_items = 1000;
    /// Every tenth record is a query, as the seed's generator job mixes
    /// them in.
    bool with_queries = false;
  } generator;

  std::optional<socket_lines::options> socket;

  struct kafka_settings {
    bool enabled = false;
    std::string transaction_topic = "transaction.log.1";
    std::string query_topic = "query.input.log.1";
  } kafka;

  struct mqtt_settings {
    bool enabled = false;
    std::string client_id = "eddy";
    std::string topic = "eddy/transactions";
    bool is_json = true;
  } mqtt;

  struct window_settings {
    std::chrono::milliseconds size{60000};
    bool is_event_time = false;
    std::chrono::milliseconds out_of_orderness{5000};
  } window;

  /// How long the id of a transaction that may be repeated is remembered.
  std::chrono::milliseconds dedup_window{std::chrono::hours{24}};

  /// The seed's SummaryAlertingCondition: more than `min_transactions` in
  /// a window and a failure rate above `min_failure_rate`.
  int64_t min_transactions = 100;
  double min_failure_rate = 0.5;
};

/// The inventory's keys (the seed's names, not prefixed by the job's).
key_table inventory_keys();

/// Reads the inventory's keys (generator.*, socket.*, source.kafka.enabled,
/// transaction.input.topic, ...); keys of parts that are off stay unread
/// (so setting one gets a warning).
inventory_options read_inventory_options(const settings& cfg);

} // namespace eddy
