// Where eddy-gen writes: stdout, a Kafka topic, an MQTT topic or Eddy's
// HTTP API. Each target takes one record at a time and reports failures.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"

namespace eddy::gen {

class record_target {
public:
  virtual ~record_target() = default;

  /// Writes one transaction; fails naming the target.
  [[nodiscard]] virtual caf::error write(const item_transaction& tx) = 0;

  /// Writes one query; fails if the target cannot take queries.
  [[nodiscard]] virtual caf::error write(const query& q) = 0;

  /// Waits until everything written is delivered.
  [[nodiscard]] virtual caf::error flush() = 0;
};

/// How records are written: the seed's tab-delimited text or JSON.
enum class record_format { text, json };

/// Standard output, one record per line.
std::unique_ptr<record_target> stdout_target(record_format format);

/// Transactions to `topic` keyed by itemId (the seed's TransactionSchema),
/// queries to `query_topic`. Fails when the producer cannot be made.
caf::expected<std::unique_ptr<record_target>>
kafka_target(const std::string& bootstrap, const std::string& topic,
             const std::string& query_topic, record_format format);

/// Every record to an MQTT topic with QoS 1.
caf::expected<std::unique_ptr<record_target>>
mqtt_target(const std::string& broker_uri, const std::string& topic,
            record_format format);

/// Transactions posted to http://HOST:PORT/v1/transactions, one at a time
/// on a kept-alive connection; queries as GET /v1/items/{itemId}.
caf::expected<std::unique_ptr<record_target>>
http_target(const std::string& host_port);

} // namespace eddy::gen
