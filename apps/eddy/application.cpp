// Start-up and shutdown of the Eddy server.
#include "apps/eddy/application.hpp"

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/address.hpp>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "actors/savepoint.hpp"
#include "apps/eddy/job_catalog.hpp"
#include "apps/eddy/owner_forwarding.hpp"
#include "config/command_line.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"
#include "runtime/cluster_membership.hpp"
#include "runtime/failed_job.hpp"
#include "runtime/job_set.hpp"
#include "runtime/request_forwarder.hpp"
#include "web/cluster_route.hpp"
#include "web/http_server.hpp"
#include "web/origin_policy.hpp"

namespace eddy {

namespace {

// Waits for SIGINT or SIGTERM without a handler racing the rest of main.
int wait_for_signal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after
// it, so only wait_for_signal receives them.
void block_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

/// Starts every job `jobs=` names into `jobs`, their routes into `routes`.
/// A bad configuration stops start-up; a job that fails for another reason
/// (its store, a partition that cannot restore) is kept as failed, named on
/// /readyz, and the others run.
caf::error start_jobs(caf::actor_system& sys, const settings& cfg,
                      job_set& jobs, web::route_table& routes) {
  auto kinds = jobs_to_run(cfg);
  if (!kinds)
    return kinds.error();
  for (auto* kind : *kinds) {
    auto name = std::string{kind->name};
    auto started = kind->start(sys, cfg, routes);
    if (!started && started.error() == ec::invalid_config) {
      jobs.stop_all();
      return started.error();
    }
    if (!started) {
      log::error(name, "", "did not start: " + describe(started.error()));
      jobs.add(std::make_shared<failed_job>(name, describe(started.error())));
      continue;
    }
    jobs.add(std::move(*started));
    std::cout << "eddy: job " << name << " running with "
              << cfg.get_int("partitions") << " partitions, state in "
              << cfg.get_string("state.dir") << "/" << name << '\n';
  }
  return {};
}

/// Says once which settings have no effect with the others (a key of a job
/// that does not run, Kafka keys while no job reads Kafka).
void warn_about_unused(const settings& cfg) {
  for (auto& key : cfg.unused())
    log::warn("", "", key + " is set but has no effect with these settings");
}

/// Says once for each EDDY_* variable that names no key that it is ignored.
void warn_about_ignored_variables(const settings& cfg) {
  for (auto& warning : cfg.ignored_variables())
    log::warn("", "", warning);
}

/// Says so when other machines can post transactions and nothing else
/// guards the server.
void warn_if_exposed(const web::server_options& web_opts) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(web_opts.address, ec);
  if (ec || address.is_loopback() || !web_opts.admin_token.empty() ||
      !web_opts.allowed_origins.empty())
    return;
  log::warn("", "http",
            "http.address " + web_opts.address +
                " is reachable from other machines, and anyone there may "
                "post transactions: put a proxy with authentication in "
                "front, or listen on 127.0.0.1");
}

/// --from-savepoint [JOB=]DIR: copies the savepoint into the job's state
/// directory (the inventory's unless named).
caf::expected<void> restore_job_savepoint(const std::string& spec,
                                          const settings& cfg) {
  std::string job = "inventory";
  auto dir = spec;
  if (auto equals = spec.find('=');
      equals != std::string::npos && find_job_kind(spec.substr(0, equals))) {
    job = spec.substr(0, equals);
    dir = spec.substr(equals + 1);
  }
  return restore_savepoint(dir, cfg.get_string("state.dir") + "/" + job);
}

/// Where the other members reach this server when http.advertised.url
/// does not say: its address and port, the host name for a wildcard.
std::string default_advertised_url(const settings& cfg, uint16_t port) {
  auto host = cfg.get_string("http.address");
  if (host == "0.0.0.0" || host == "::")
    host = instance_name(cfg);
  return "http://" + host + ":" + std::to_string(port);
}

int fail(const caf::error& err) {
  std::cerr << "eddy: " << describe(err) << '\n';
  return 1;
}

} // namespace

int application::run(int argc, const char* const* argv,
                     const char* const* envp) {
  auto cli = parse_command_line(argc, argv, envp);
  if (!cli)
    return fail(cli.error());
  if (cli->wants_help) {
    std::cout << help_text(catalog_keys());
    return 0;
  }
  auto cfg = settings::load(cli->sources, catalog_keys());
  if (!cfg)
    return fail(cfg.error());
  if (auto level = log::parse_level(cfg->get_string("log.level")))
    log::set_level(*level);
  warn_about_ignored_variables(*cfg);
  if (!cli->savepoint.empty())
    if (auto ok = restore_job_savepoint(cli->savepoint, *cfg); !ok)
      return fail(ok.error());
  // Checked before any job starts, as the other settings are.
  auto cluster_opts = read_cluster_options(*cfg);
  if (!cluster_opts)
    return fail(cluster_opts.error());
  block_signals();
  caf::actor_system_config sys_cfg;
  sys_cfg.set("scheduler.max-threads",
              static_cast<size_t>(cfg->get_int("scheduler.threads")));
  sys_cfg.set("logger.verbosity", caf::atom("quiet"));
  // An idle worker polls its queue every 50 us for 500 attempts after each
  // message before it sleeps until woken: with HTTP reads served off the
  // workers, that polling was 8% of the CPU of a read-only load.
  sys_cfg.set("work-stealing.moderate-poll-attempts", size_t{10});
  caf::actor_system sys{sys_cfg};
  web::route_table routes;
  job_set jobs;
  if (auto err = start_jobs(sys, *cfg, jobs, routes))
    return fail(err);
  web::server_options web_opts;
  web_opts.address = cfg->get_string("http.address");
  web_opts.port = static_cast<uint16_t>(cfg->get_int("http.port"));
  web_opts.body_limit = static_cast<size_t>(cfg->get_int("http.body.limit"));
  web_opts.threads = static_cast<int>(cfg->get_int("http.threads"));
  web_opts.header_limit =
      static_cast<size_t>(cfg->get_int("http.header.limit"));
  web_opts.max_connections =
      static_cast<size_t>(cfg->get_int("http.max.connections"));
  web_opts.idle_timeout = cfg->get_duration("http.idle.timeout");
  if (auto problem = web::origin_policy::check_list(
          cfg->get_string("http.allowed.origins"), web_opts.allowed_origins))
    return fail(
        make_error(ec::invalid_config, "http.allowed.origins: " + *problem));
  web_opts.admin_token = cfg->get_string("admin.token");
  web_opts.fault_injection = cfg->get_bool("admin.fault_injection");
  web_opts.live_interval = cfg->get_duration("http.live.interval.ms");
  // "auto" leaves it empty: the server then looks beside the executable.
  if (auto dir = cfg->get_string("http.static.dir"); dir != "auto")
    web_opts.static_dir = dir;
  // Alone until the server knows its port, the address the others use.
  cluster_membership cluster{*cluster_opts};
  web::add_cluster_route(routes, [&cluster] { return cluster.status(); });
  std::optional<request_forwarder> forwarder;
  if (cluster_opts->enabled) {
    forwarder.emplace(
        request_forwarder_options{.instance = cluster_opts->instance,
                                  .timeout = cluster_opts->forward_timeout});
    web_opts.forward_keys = forward_to_owners(cluster, *forwarder);
  }
  auto server = web::http_server::start(web_opts, jobs, std::move(routes));
  if (!server) {
    jobs.stop_all();
    return fail(server.error());
  }
  if (auto err =
          cluster.join(jobs, default_advertised_url(*cfg, (*server)->port()))) {
    (*server)->stop();
    jobs.stop_all();
    return fail(err);
  }
  // Read now: it is used only at the end, and unread keys get a warning.
  auto grace = cfg->get_duration("shutdown.grace");
  warn_about_unused(*cfg);
  warn_if_exposed(web_opts);
  // Said once at start-up, so an operator sees why the endpoints answer 403.
  if (web_opts.fault_injection && web_opts.admin_token.empty())
    std::cout << "eddy: admin.fault_injection=true has no effect until "
                 "admin.token is set\n";
  std::cout << "eddy: dashboard and API at " << (*server)->url() << std::endl;
  auto sig = wait_for_signal();
  std::cout << "eddy: received signal " << sig << ", stopping" << std::endl;
  // What clients sent before the signal is answered, within the grace.
  if (!(*server)->drain(grace))
    log::warn("", "http",
              "requests still unanswered after shutdown.grace are dropped");
  (*server)->stop();
  // Leaves the members' list before the jobs stop: the others stop naming
  // this process at once (its partitions move when its groups say so).
  cluster.leave();
  jobs.stop_all();
  return 0;
}

} // namespace eddy
