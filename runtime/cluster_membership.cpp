// Reads the cluster settings and runs this process's member board.
#include "runtime/cluster_membership.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "actors/wall_clock.hpp"
#include "connectors/kafka/member_board.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

std::string instance_name(const settings& cfg) {
  if (auto& name = cfg.get_string("instance.name"); name != "auto")
    return name;
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0)
    return "eddy";
  return host;
}

caf::expected<cluster_options> read_cluster_options(const settings& cfg) {
  cluster_options opts;
  opts.enabled = cfg.get_bool("cluster.enabled");
  if (!opts.enabled)
    return opts;
  for (auto property : {"bootstrap.servers", "group.id"})
    if (!cfg.has_kafka_property(property))
      return make_error(ec::invalid_config,
                        std::string{"cluster.enabled=true needs kafka."} +
                            property + ": the members share a Kafka group");
  opts.client = cfg.kafka_properties();
  opts.group = opts.client.at("group.id");
  opts.instance = instance_name(cfg);
  // "auto" leaves it empty: the server's own address, once it listens.
  if (auto& url = cfg.get_string("http.advertised.url"); url != "auto")
    opts.advertised_url = url;
  opts.announce_interval = cfg.get_duration("cluster.announce.interval.ms");
  opts.member_timeout = cfg.get_duration("cluster.member.timeout.ms");
  opts.forward_timeout = cfg.get_duration("cluster.forward.timeout.ms");
  return opts;
}

cluster_member describe_member(const std::string& instance,
                               const std::string& url,
                               const std::vector<job_status>& jobs,
                               int64_t now_ms) {
  cluster_member member{instance, url, now_ms, {}};
  for (auto& job : jobs)
    for (auto& source : job.sources)
      for (auto& at : source.assigned) {
        auto known = std::find_if(
            source.lag.begin(), source.lag.end(), [&at](auto& lag) {
              return lag.topic == at.topic && lag.partition == at.partition;
            });
        member.partitions.push_back(
            {job.name, at.topic, at.partition,
             known == source.lag.end() ? unknown_lag : known->lag});
      }
  return member;
}

// What the membership shares with the job reports it asks for, which may
// answer after it is gone.
struct cluster_membership::shared {
  mutable std::mutex mtx;
  std::shared_ptr<member_board> board; // null while alone
  /// Per job fed by Kafka in the cluster: its input's partition count.
  std::map<std::string, int32_t, std::less<>> key_partitions;

  void learn(const std::vector<job_status>& jobs) {
    std::lock_guard guard{mtx};
    for (auto& job : jobs)
      for (auto& source : job.sources)
        if (source.key_partitions > 0)
          key_partitions[job.name] = source.key_partitions;
  }
};

cluster_membership::cluster_membership(cluster_options options)
    : options_(std::move(options)), shared_(std::make_shared<shared>()) {}

cluster_membership::~cluster_membership() {
  leave();
}

caf::error cluster_membership::join(job_registry& jobs,
                                    const std::string& url) {
  if (!options_.enabled)
    return {};
  if (options_.advertised_url.empty())
    options_.advertised_url = url;
  member_board_options board_opts{options_.client, options_.group + ".members",
                                  options_.instance, options_.announce_interval,
                                  options_.member_timeout};
  auto describe_self = [&jobs, known = shared_, instance = options_.instance,
                        url = options_.advertised_url](auto done) {
    jobs.jobs([known, instance, url,
               done](caf::expected<std::vector<job_status>> reports) {
      if (!reports) {
        log::warn("", "cluster",
                  "cannot describe this member: " + describe(reports.error()));
        return;
      }
      known->learn(*reports);
      done(describe_member(instance, url, *reports, wall_clock_ms()));
    });
  };
  auto board =
      member_board::start(std::move(board_opts), std::move(describe_self));
  if (!board)
    return board.error();
  std::lock_guard guard{shared_->mtx};
  shared_->board = std::move(*board);
  return {};
}

void cluster_membership::leave() {
  std::shared_ptr<member_board> board;
  {
    std::lock_guard guard{shared_->mtx};
    board.swap(shared_->board);
  }
  // Destroyed here, outside the lock: it announces the leave and stops.
}

std::shared_ptr<member_board> cluster_membership::board() const {
  std::lock_guard guard{shared_->mtx};
  return shared_->board;
}

cluster_status cluster_membership::status() const {
  cluster_status result{
      options_.enabled, options_.group, options_.instance, {}};
  if (auto members = board())
    result.members = members->members();
  return result;
}

job_owners cluster_membership::owners_of(std::string_view job) const {
  job_owners owners{std::string{job}, 0, {}, options_.instance};
  auto members = board();
  // Alone, every key is here.
  if (!members)
    return owners;
  owners.members = members->members();
  std::lock_guard guard{shared_->mtx};
  if (auto known = shared_->key_partitions.find(job);
      known != shared_->key_partitions.end())
    owners.key_partitions = known->second;
  return owners;
}

} // namespace eddy
