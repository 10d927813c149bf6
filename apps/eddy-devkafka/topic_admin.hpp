// Topics created while the dev cluster runs. librdkafka's mock cluster
// answers no CreateTopics request, so tools that would call one (the
// kafka-topics.sh of the compose stand-in) send a line to a small TCP port
// instead: `create NAME PARTITIONS`, answered `created NAME`,
// `exists NAME` or `error REASON`, one line each.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h must come after rdkafka.h.
#include <librdkafka/rdkafka_mock.h>

namespace eddy::devkafka {

/// Kafka's rule for topic names: 1-249 characters of [a-zA-Z0-9._-].
bool is_valid_topic_name(std::string_view name);

/// The answer to one request line, creating the topic it asks for.
std::string answer(rd_kafka_mock_cluster_t* cluster, std::string_view line,
                   int replicas);

/// Listens on 127.0.0.1:port and answers request lines from a thread of its
/// own until destroyed.
class topic_admin {
public:
  /// Throws std::runtime_error when the port cannot be listened on.
  topic_admin(rd_kafka_mock_cluster_t* cluster, uint16_t port, int replicas);
  ~topic_admin();
  topic_admin(const topic_admin&) = delete;
  topic_admin& operator=(const topic_admin&) = delete;

private:
  void serve();
  void serve_connection(int fd);

  rd_kafka_mock_cluster_t* cluster_;
  int replicas_;
  int listener_ = -1;
  std::thread thread_;
};

} // namespace eddy::devkafka
