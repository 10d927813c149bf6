// Reads the cluster settings and runs this process's member board.
#include "runtime/cluster_membership.hpp"

#include <unistd.h>

#include <algorithm>

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

caf::expected<std::unique_ptr<cluster_membership>>
cluster_membership::start(cluster_options options, job_registry& jobs,
                          const std::string& url) {
  if (!options.enabled)
    return std::unique_ptr<cluster_membership>{
        new cluster_membership{std::move(options), nullptr}};
  if (options.advertised_url.empty())
    options.advertised_url = url;
  member_board_options board_opts{options.client, options.group + ".members",
                                  options.instance, options.announce_interval,
                                  options.member_timeout};
  auto describe_self = [&jobs, instance = options.instance,
                        url = options.advertised_url](auto done) {
    jobs.jobs([instance, url,
               done](caf::expected<std::vector<job_status>> reports) {
      if (!reports) {
        log::warn("", "cluster",
                  "cannot describe this member: " + describe(reports.error()));
        return;
      }
      done(describe_member(instance, url, *reports, wall_clock_ms()));
    });
  };
  auto board =
      member_board::start(std::move(board_opts), std::move(describe_self));
  if (!board)
    return board.error();
  return std::unique_ptr<cluster_membership>{
      new cluster_membership{std::move(options), std::move(*board)}};
}

cluster_membership::cluster_membership(cluster_options options,
                                       std::unique_ptr<member_board> board)
    : options_(std::move(options)), board_(std::move(board)) {}

cluster_membership::~cluster_membership() = default;

cluster_status cluster_membership::status() const {
  cluster_status result{
      options_.enabled, options_.group, options_.instance, {}};
  if (board_)
    result.members = board_->members();
  return result;
}

} // namespace eddy
