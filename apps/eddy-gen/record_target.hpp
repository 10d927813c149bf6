// Where eddy-gen writes: stdout, a Kafka topic, an MQTT topic, Eddy's HTTP
// API or the clients of a listening socket. Each target takes one record at
// a time and reports failures.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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

  /// Writes one record formatted already (an IPDR record's JSON, without a
  /// newline), keyed by `key` where the target keys its records; fails if
  /// the target takes only the inventory's records.
  [[nodiscard]] virtual caf::error write_record(std::string_view key,
                                                std::string_view payload) = 0;

  /// As write_record, but a target that publishes to MQTT sends it on
  /// `mqtt_topic` instead of its own (the seed's telemetry publisher has a
  /// topic per sensor); every other target ignores the topic.
  [[nodiscard]] virtual caf::error
  write_on_topic(std::string_view key, std::string_view payload,
                 [[maybe_unused]] std::string_view mqtt_topic) {
    return write_record(key, payload);
  }

  /// Waits until everything written is delivered.
  [[nodiscard]] virtual caf::error flush() = 0;
};

/// How records are written: the seed's tab-delimited text or JSON.
enum class record_format { text, json };

/// `tx` as `format` writes it (no newline), replacing what `out` held.
void format_record(record_format format, const item_transaction& tx,
                   std::string& out);

/// `q` as `format` writes it (no newline), replacing what `out` held.
void format_record(record_format format, const query& q, std::string& out);

/// Standard output, one record per line.
std::unique_ptr<record_target> stdout_target(record_format format);

/// Transactions to `topic` keyed by itemId (the seed's TransactionSchema),
/// queries to `query_topic`, formatted records to `topic` with their key. Fails
/// when the producer cannot be made.
caf::expected<std::unique_ptr<record_target>>
kafka_target(const std::string& bootstrap, const std::string& topic,
             const std::string& query_topic, record_format format);

/// Every record to an MQTT topic with QoS 1.
caf::expected<std::unique_ptr<record_target>>
mqtt_target(const std::string& broker_uri, const std::string& topic,
            record_format format);

/// Every record as a line to each client of 127.0.0.1:`port`, as `nc -lk`
/// feeds a socket source: writing waits while no client is connected, a
/// client that closes is dropped. Fails when the port cannot be listened on.
caf::expected<std::unique_ptr<record_target>>
socket_target(uint16_t port, record_format format);

/// Transactions posted to http://HOST:PORT/v1/transactions, one at a time
/// on a kept-alive connection; queries as GET /v1/items/{itemId}.
caf::expected<std::unique_ptr<record_target>>
http_target(const std::string& host_port);

} // namespace eddy::gen
