// Makes a job's output writers from the shared settings.
#include "runtime/output_factory.hpp"

#include "messages/tab_codec.hpp"
#include "runtime/cluster_membership.hpp"

namespace eddy {

namespace {

// Members of a cluster write the same topics: each needs its own
// transactional ids, stable across its restarts, or they fence each other.
std::string transactional_prefix(const settings& cfg) {
  auto prefix = cfg.get_string("sink.kafka.transactional.id");
  if (cfg.get_bool("cluster.enabled"))
    prefix += "." + instance_name(cfg);
  return prefix;
}

} // namespace

output_factory::output_factory(const settings& cfg, std::string job)
    : cfg_(cfg), job_(std::move(job)),
      output_dir_(cfg.get_string("output.dir")),
      dead_letter_topic_(cfg.get_string("dead.letter.topic")),
      exactly_once_(cfg.get_bool("sink.kafka.exactly_once")),
      transactional_id_(transactional_prefix(cfg)) {}

caf::expected<named_writers<dead_letter>>
output_factory::dead_letters(const std::string& file_name, bool to_kafka) {
  named_writers<dead_letter> writers;
  auto as_line = [](const dead_letter& x, std::string& line) {
    format(x, line);
  };
  if (auto err =
          to_file<dead_letter>(writers, output_dir_ + "/" + file_name, as_line))
    return err;
  if (!to_kafka)
    return writers;
  // Dead letters are at least once: outside the results' transactions.
  auto producer = shared_producer();
  if (!producer)
    return producer.error();
  writers.emplace_back(
      "kafka " + dead_letter_topic_,
      std::make_unique<kafka_writer<dead_letter>>(
          std::move(*producer), dead_letter_topic_,
          [](const dead_letter& x, std::string& key, std::string& payload) {
            key = x.source;
            format(x, payload);
          }));
  return writers;
}

caf::expected<std::shared_ptr<kafka_producer>>
output_factory::shared_producer() {
  if (shared_)
    return shared_;
  auto made = make_producer(producer_properties(cfg_.kafka_properties()),
                            "kafka producer");
  if (made)
    shared_ = *made;
  return made;
}

caf::expected<std::shared_ptr<kafka_producer>>
output_factory::transactional_producer(const std::string& topic) {
  auto props = producer_properties(cfg_.kafka_properties());
  props["transactional.id"] = transactional_id_ + "." + topic;
  return make_producer(std::move(props), "kafka producer " + topic);
}

caf::expected<std::shared_ptr<kafka_producer>>
output_factory::make_producer(kafka_properties props, const std::string& what) {
  // Each exactly-once writer needs its own transactional producer; one id
  // for all of them would make them fence each other.
  if (cfg_.kafka_properties().contains("transactional.id"))
    return make_error(ec::invalid_config,
                      "kafka.transactional.id: Eddy sets transactional ids "
                      "itself; use sink.kafka.exactly_once=true and "
                      "sink.kafka.transactional.id instead");
  if (!props.contains("bootstrap.servers"))
    return make_error(ec::invalid_config,
                      "kafka.bootstrap.servers: required by job " + job_ +
                          "'s Kafka outputs");
  auto made = kafka_producer::make(props, kafka_producer::default_init_timeout,
                                   {job_, what});
  if (!made)
    return made.error();
  return std::make_shared<kafka_producer>(std::move(*made));
}

} // namespace eddy
