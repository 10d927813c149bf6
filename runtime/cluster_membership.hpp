// This process as a member of an Eddy cluster: its settings, what it
// announces (the input partitions its jobs read from Kafka, with their
// lag), and the members it knows of, for GET /v1/cluster.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "connectors/kafka/kafka_properties.hpp"
#include "messages/cluster_status.hpp"
#include "messages/job_status.hpp"
#include "runtime/job_registry.hpp"

namespace eddy {

class member_board;

/// The cluster.* settings, read once.
struct cluster_options {
  bool enabled = false;
  /// kafka.group.id: the members topic is `<group>.members`.
  std::string group;
  /// instance.name, or the host name for auto.
  std::string instance;
  /// http.advertised.url; empty (auto): the HTTP server's own address.
  std::string advertised_url;
  std::chrono::milliseconds announce_interval{1000};
  std::chrono::milliseconds member_timeout{10000};
  kafka_properties client;
};

/// Reads the cluster settings. With cluster.enabled, fails with
/// ec::invalid_config naming kafka.bootstrap.servers or kafka.group.id
/// when one is not set.
[[nodiscard]] caf::expected<cluster_options>
read_cluster_options(const settings& cfg);

/// The instance name Kafka and the other members know this process by:
/// instance.name, or the host name when that is auto.
std::string instance_name(const settings& cfg);

/// What this process announces: every Kafka partition assigned to a source
/// of `jobs`, with its lag where known.
cluster_member describe_member(const std::string& instance,
                               const std::string& url,
                               const std::vector<job_status>& jobs,
                               int64_t now_ms);

class cluster_membership {
public:
  /// Announces this process (reachable at `url` unless options say
  /// otherwise) and follows the others; with the cluster off, does nothing
  /// and reports itself off. Fails as member_board::start.
  [[nodiscard]] static caf::expected<std::unique_ptr<cluster_membership>>
  start(cluster_options options, job_registry& jobs, const std::string& url);

  ~cluster_membership();

  cluster_status status() const;

private:
  cluster_membership(cluster_options options,
                     std::unique_ptr<member_board> board);

  cluster_options options_;
  std::unique_ptr<member_board> board_;
};

} // namespace eddy
