// Reads the engine's settings of a job.
#include "runtime/engine_options.hpp"

#include "runtime/cluster_membership.hpp"

namespace eddy {

engine_options read_engine_options(const settings& cfg, const std::string& job,
                                   engine_needs needs) {
  engine_options opts;
  opts.job = job;
  opts.partitions = static_cast<uint32_t>(cfg.get_int("partitions"));
  opts.key_groups = static_cast<uint32_t>(cfg.get_int("key.groups"));
  opts.batch_size = static_cast<size_t>(cfg.get_int("batch.size"));
  opts.batch_credit = static_cast<size_t>(cfg.get_int("batch.credit"));
  opts.ingress_buffer =
      static_cast<size_t>(cfg.get_int("ingress.buffer.records"));
  opts.state_dir = cfg.get_string("state.dir") + "/" + job;
  // The inventory keeps the seed's layout (savepoint.dir/savepoint-N).
  opts.savepoint_dir =
      cfg.get_string("savepoint.dir") + (job == "inventory" ? "" : "/" + job);
  opts.checkpoint_interval = cfg.get_duration("checkpoint.interval.ms");
  opts.checkpoint_timeout = cfg.get_duration("checkpoint.timeout.ms");
  opts.request_timeout = cfg.get_duration("http.request.timeout.ms");
  auto& restart = opts.restart;
  restart.kind = cfg.get_string("restart.strategy") == "exponential-backoff"
                     ? restart_policy::strategy::exponential_backoff
                     : restart_policy::strategy::fixed_delay;
  restart.max_attempts = static_cast<uint32_t>(cfg.get_int("restart.attempts"));
  restart.delay = cfg.get_duration("restart.delay.ms");
  restart.max_delay = cfg.get_duration("restart.backoff.max.ms");
  restart.reset_after = cfg.get_duration("restart.backoff.reset.ms");
  opts.sinks.max_batch = static_cast<size_t>(cfg.get_int("sink.batch.size"));
  opts.sinks.max_delay = cfg.get_duration("sink.flush.ms");
  opts.sinks.max_buffered =
      static_cast<size_t>(cfg.get_int("sink.buffer.records"));
  if (needs.kafka) {
    opts.kafka = cfg.kafka_properties();
    // One group per job: the inventory keeps the seed's group id, others
    // add their name to it; without one, eddy-<job>.
    if (auto group = opts.kafka.find("group.id"); group != opts.kafka.end()) {
      opts.kafka_group =
          job == "inventory" ? group->second : group->second + "." + job;
      opts.kafka.erase(group);
    } else {
      opts.kafka_group = "eddy-" + job;
    }
    // A member restarted under its instance name takes its partitions
    // back at once, without waiting for the group to expire it (KIP-345).
    opts.clustered = cfg.get_bool("cluster.enabled");
    if (opts.clustered)
      opts.kafka.try_emplace("group.instance.id", instance_name(cfg));
    opts.kafka_commit_interval =
        cfg.get_duration("source.kafka.commit.interval.ms");
  }
  if (needs.mqtt)
    opts.mqtt_broker = cfg.get_string("mqtt.server.uri");
  if (needs.kafka || needs.mqtt)
    opts.source_ready_timeout = cfg.get_duration("source.ready.timeout");
  opts.max_future = cfg.get_duration("max.future");
  return opts;
}

} // namespace eddy
