// Seed 003's stream connector as an Eddy job: forwards every message of an
// MQTT topic to a Kafka topic, keyed by a field of its JSON payload. A
// message is acknowledged to the broker only once Kafka has it.
#pragma once

#include <memory>
#include <string>

#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "runtime/job.hpp"

namespace eddy {

class mqtt_bridge final : public job {
public:
  /// Connects to mqtt.server.uri (subscribing mqtt.topic with QoS 1 and a
  /// persistent session as mqtt.client.id) and to Kafka (kafka.*), and
  /// forwards to bridge.kafka.topic keyed by bridge.key.field. Payloads
  /// that are not JSON objects with that field go to dead.letter.topic with
  /// the reason. Fails naming a missing kafka.* key or a bad option.
  [[nodiscard]] static caf::expected<std::unique_ptr<mqtt_bridge>>
  start(const settings& cfg);

  ~mqtt_bridge() override;

  // -- job --------------------------------------------------------------------

  const std::string& name() const override;
  job_graph graph() const override;
  /// The bridge's status: MQTT connection, forwarded and malformed counts.
  job_status status() const override;
  void checkpoint(callback<checkpoint_status> done) override;
  void savepoint(callback<std::string> done) override;
  void inject_fault(fault_request fault, callback<std::string> done) override;
  caf::expected<nlohmann::json> state_of(std::string_view key) override;
  /// Stops subscribing and waits for Kafka to take what was forwarded.
  void stop() override;

private:
  struct impl;
  explicit mqtt_bridge(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
