// The members of an Eddy cluster, through a Kafka topic: each process
// announces itself (its HTTP address, the input partitions it owns) on the
// group's members topic every interval, and reads everyone's announcements
// back, keeping the latest of each. A member that stops cleanly says so; one
// that dies drops out once its last announcement is older than the timeout.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"
#include "messages/cluster_status.hpp"

namespace eddy {

struct member_board_options {
  /// Client properties (bootstrap.servers, security): one producer and one
  /// consumer of its own group are made from them.
  kafka_properties client;
  /// `<kafka.group.id>.members`; librdkafka creates it if the cluster
  /// creates topics on use.
  std::string topic;
  std::string instance;
  std::chrono::milliseconds announce_interval{1000};
  /// An announcement older than this is of a member that is gone.
  std::chrono::milliseconds member_timeout{10000};
};

/// Asked every interval for what this process is now; answers by calling
/// the function it is given, on any thread, at most once.
using member_description =
    std::function<void(std::function<void(cluster_member)>)>;

class member_board {
public:
  /// Starts announcing what `describe` says, and reading the others, on a
  /// thread of its own. Fails with ec::invalid_config naming a bad client
  /// property.
  [[nodiscard]] static caf::expected<std::unique_ptr<member_board>>
  start(member_board_options options, member_description describe);

  /// Announces that this member leaves, then stops.
  ~member_board();

  /// The live members, this one included (as it last described itself,
  /// even before its announcement came back), ordered by instance.
  std::vector<cluster_member> members() const;

  struct shared;

private:
  explicit member_board(std::shared_ptr<shared> state);

  std::shared_ptr<shared> state_;
};

} // namespace eddy
