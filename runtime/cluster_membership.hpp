// This process as a member of an Eddy cluster: its settings, what it
// announces (the input partitions its jobs read from Kafka, with their
// lag), and the members it knows of, for GET /v1/cluster.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "connectors/kafka/kafka_properties.hpp"
#include "messages/cluster_status.hpp"
#include "messages/job_status.hpp"
#include "runtime/job_registry.hpp"
#include "runtime/key_owner.hpp"

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
  /// How long a request forwarded to a key's owner may wait for it.
  std::chrono::milliseconds forward_timeout{2000};
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
  /// Alone until join(): status() lists no one and every key is here.
  explicit cluster_membership(cluster_options options);

  /// Leaves.
  ~cluster_membership();

  /// Starts announcing this process, reachable at `url` unless the options
  /// name another, with the partitions `jobs` own, and following the
  /// others; does nothing with the cluster off. Fails as
  /// member_board::start.
  [[nodiscard]] caf::error join(job_registry& jobs, const std::string& url);

  /// Says that this process leaves: the others stop naming it at once.
  /// Idempotent.
  void leave();

  cluster_status status() const;

  /// Where the keys of `job` are answered now (see owner_of_key).
  job_owners owners_of(std::string_view job) const;

  const cluster_options& options() const noexcept { return options_; }

private:
  struct shared;

  std::shared_ptr<member_board> board() const;

  cluster_options options_;
  std::shared_ptr<shared> shared_;
};

} // namespace eddy
