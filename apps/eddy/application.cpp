// Start-up and shutdown of the Eddy server.
#include "apps/eddy/application.hpp"

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "actors/savepoint.hpp"
#include "apps/inventory/inventory_job.hpp"
#include "apps/inventory/inventory_routes.hpp"
#include "apps/mqtt_bridge/mqtt_bridge.hpp"
#include "config/command_line.hpp"
#include "messages/error.hpp"
#include "runtime/job_set.hpp"
#include "web/http_server.hpp"

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

/// The job this process runs and what it says about itself at start-up.
struct running_job {
  std::shared_ptr<job> started;
  std::string description;
};

caf::expected<running_job> start_job(caf::actor_system& sys,
                                     const settings& cfg,
                                     web::route_table& routes) {
  if (cfg.get_string("job") == "mqtt_bridge") {
    auto bridge = start_mqtt_bridge(sys, cfg);
    if (!bridge)
      return bridge.error();
    return running_job{std::move(*bridge),
                       "mqtt_bridge job forwarding " +
                           cfg.get_string("mqtt_bridge.mqtt.topic") +
                           " to Kafka topic " +
                           cfg.get_string("mqtt_bridge.kafka.topic")};
  }
  auto outputs = configured_outputs(cfg);
  if (!outputs)
    return outputs.error();
  auto job = inventory_job::start(sys, cfg, std::move(*outputs));
  if (!job)
    return job.error();
  std::shared_ptr<inventory_job> shared = std::move(*job);
  add_inventory_routes(routes, *shared);
  return running_job{shared, "inventory job running with " +
                                 std::to_string(cfg.get_int("partitions")) +
                                 " partitions, state in " +
                                 cfg.get_string("state.dir")};
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
    std::cout << help_text();
    return 0;
  }
  auto cfg = settings::load(cli->sources);
  if (!cfg)
    return fail(cfg.error());
  if (!cli->savepoint.empty())
    if (auto ok =
            restore_savepoint(cli->savepoint, cfg->get_string("state.dir"));
        !ok)
      return fail(ok.error());
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
  auto job = start_job(sys, *cfg, routes);
  if (!job)
    return fail(job.error());
  job_set jobs;
  jobs.add(job->started);
  web::server_options web_opts;
  web_opts.address = cfg->get_string("http.address");
  web_opts.port = static_cast<uint16_t>(cfg->get_int("http.port"));
  web_opts.body_limit = static_cast<size_t>(cfg->get_int("http.body.limit"));
  web_opts.threads = static_cast<int>(cfg->get_int("http.threads"));
  web_opts.admin_token = cfg->get_string("admin.token");
  web_opts.fault_injection = cfg->get_bool("admin.fault_injection");
  web_opts.live_interval =
      std::chrono::milliseconds{cfg->get_int("http.live.interval.ms")};
  // "auto" leaves it empty: the server then looks beside the executable.
  if (auto dir = cfg->get_string("http.static.dir"); dir != "auto")
    web_opts.static_dir = dir;
  auto server = web::http_server::start(web_opts, jobs, std::move(routes));
  if (!server) {
    jobs.stop_all();
    return fail(server.error());
  }
  std::cout << "eddy: " << job->description << '\n';
  // Said once at start-up, so an operator sees why the endpoints answer 403.
  if (web_opts.fault_injection && web_opts.admin_token.empty())
    std::cout << "eddy: admin.fault_injection=true has no effect until "
                 "admin.token is set\n";
  std::cout << "eddy: dashboard and API at " << (*server)->url() << std::endl;
  auto sig = wait_for_signal();
  std::cout << "eddy: received signal " << sig << ", stopping" << std::endl;
  (*server)->stop();
  jobs.stop_all();
  return 0;
}

} // namespace eddy
