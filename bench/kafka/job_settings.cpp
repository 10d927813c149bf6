// The topics, eddy settings and client properties of the Kafka figures.
#include "bench/kafka/job_settings.hpp"

#include <unistd.h>

#include <atomic>

namespace eddy::bench {

namespace {

constexpr std::string_view kafka_prefix = "kafka.";

/// The consumer group settings the Kafka tests use: the dev cluster's
/// rebalances wait `session.timeout.ms - 1 s` for members.
const setting_list group_settings{{"kafka.session.timeout.ms", "6000"},
                                  {"kafka.heartbeat.interval.ms", "500"}};

} // namespace

std::vector<cluster_topic> job_topics(int input_partitions,
                                      int results_partitions) {
  return {{input_topic, input_partitions},
          {results_topic, results_partitions},
          {"query.input.log.1", 1},
          {"query.output.log.1", 1},
          {"eddy.dead.letters", 1}};
}

std::string fresh_group_id(const std::string& figure) {
  static std::atomic<int> next{0};
  return "eddy-bench-" + figure + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(next++);
}

kafka_properties client_properties(const std::string& bootstrap,
                                   const std::string& group,
                                   const setting_list& extra) {
  kafka_properties props{{"bootstrap.servers", bootstrap}, {"group.id", group}};
  for (auto& list : {group_settings, extra})
    for (auto& [key, value] : list)
      if (key.starts_with(kafka_prefix))
        props[key.substr(kafka_prefix.size())] = value;
  return props;
}

setting_list cluster_run_settings(const std::string& dir,
                                  const std::string& bootstrap,
                                  const std::string& group) {
  setting_list settings{{"state.dir", dir + "/state"},
                        {"output.dir", dir + "/out"},
                        {"savepoint.dir", dir + "/savepoints"},
                        {"kafka.bootstrap.servers", bootstrap},
                        {"kafka.group.id", group}};
  settings.insert(settings.end(), group_settings.begin(), group_settings.end());
  return settings;
}

setting_list eddy_settings(const std::string& dir, const std::string& bootstrap,
                           const std::string& group,
                           const setting_list& extra) {
  auto settings = cluster_run_settings(dir, bootstrap, group);
  settings.insert(settings.end(), {{"generator.enabled", "false"},
                                   {"source.kafka.enabled", "true"},
                                   {"sink.kafka.enabled", "true"},
                                   {"sink.kafka.format", "text"},
                                   {"transaction.input.topic", input_topic},
                                   {"transaction.output.topic", results_topic},
                                   {"transaction.results.sink", "none"},
                                   {"query.results.sink", "none"},
                                   {"alert.sink", "none"}});
  settings.insert(settings.end(), extra.begin(), extra.end());
  return settings;
}

} // namespace eddy::bench
