// The dev Kafka cluster (eddy-devkafka) as a child process of a test: real
// brokers on 127.0.0.1, gone when the test ends.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace eddy::test {

class dev_kafka {
public:
  struct topic {
    std::string name;
    int partitions = 1;
  };

  /// The cluster answers the next `count` requests of `api` (e.g. "EndTxn")
  /// with the broker error `error` (e.g. "PRODUCER_FENCED").
  struct request_failure {
    std::string api;
    std::string error;
    int count = 1;
  };

  /// Starts eddy-devkafka (from EDDY_BIN_DIR) with `topics` and `brokers`
  /// brokers on free ports, or from `port` on, answering requests with the
  /// `failures` given. Throws std::runtime_error if it does not announce its
  /// bootstrap servers within 10 s.
  explicit dev_kafka(const std::vector<topic>& topics, uint16_t port = 0,
                     int brokers = 1,
                     const std::vector<request_failure>& failures = {});

  /// Stops the cluster (see stop()).
  ~dev_kafka();

  dev_kafka(const dev_kafka&) = delete;
  dev_kafka& operator=(const dev_kafka&) = delete;

  /// "127.0.0.1:PORT[,...]", for the `bootstrap.servers` property.
  const std::string& bootstrap_servers() const noexcept {
    return bootstrap_servers_;
  }

  /// Stops the cluster with SIGTERM (SIGKILL after 5 s); its data is gone.
  /// Idempotent.
  void stop();

  /// The eddy-devkafka program that tests run.
  static std::string program();

private:
  std::unique_ptr<child_process> process_;
  std::string bootstrap_servers_;
};

} // namespace eddy::test
