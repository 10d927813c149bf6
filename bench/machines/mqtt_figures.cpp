// Queues states on a broker of our own and times two subscribers draining
// them.
#include "bench/machines/mqtt_figures.hpp"

#include <filesystem>

#include "bench/common/child_program.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/mosquitto_process.hpp"
#include "bench/common/program_path.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/kafka/job_counters.hpp"
#include "bench/machines/in_memory_job.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

const std::string baseline_figure = "mosquitto_sub -q 1, one session";

std::vector<std::string> subscriber_args(const mosquitto_process& broker,
                                         const std::string& client_id) {
  return {"mosquitto_sub",
          "-h",
          "127.0.0.1",
          "-p",
          std::to_string(broker.port()),
          "-q",
          "1",
          "-c",
          "-i",
          client_id,
          "-t",
          states_topic};
}

// Runs `args` to its exit, or throws naming it with what it printed.
void run_to_exit(const std::vector<std::string>& args,
                 std::chrono::milliseconds timeout) {
  child_program child{args.front(), {args.begin() + 1, args.end()}};
  auto done = child.finish(timeout);
  if (done.exit_code != 0)
    throw bench_failure{args.front() + " failed (" +
                        std::to_string(done.exit_code) + "): " + done.output};
}

// Both sessions subscribed, then the states published: the broker queues
// them for each. Answers the publishing's states/s.
double queue_states(const mosquitto_process& broker, uint64_t states) {
  for (auto& id : {baseline_client_id, eddy_client_id}) {
    auto args = subscriber_args(broker, id);
    args.push_back("-E");
    run_to_exit(args, 30s);
  }
  progress("  publishing " + with_commas(states) + " states with eddy-gen");
  stopwatch clock;
  run_to_exit({program_next_to_this("eddy-gen"), "--job", "machines", "--mqtt",
               broker.uri(), "--count", std::to_string(states), "--rate", "0",
               "--machines", std::to_string(bench_machines), "--channels",
               std::to_string(bench_channels)},
              step_timeout);
  return static_cast<double>(states) / (clock.elapsed_ms() / 1000);
}

// Pipes mosquitto_sub's output away through the shell: only the count
// matters.
std::vector<metric> drain_with_mosquitto_sub(const mosquitto_process& broker,
                                             uint64_t states) {
  auto args = subscriber_args(broker, baseline_client_id);
  args.push_back("-C");
  args.push_back(std::to_string(states));
  std::string command = "exec";
  for (auto& arg : args)
    command += " '" + arg + "'";
  stopwatch clock;
  run_to_exit({"/bin/sh", "-c", command + " > /dev/null"}, step_timeout);
  auto seconds = clock.elapsed_ms() / 1000;
  return {
      {"states/s", static_cast<double>(states) / seconds, unit::per_second}};
}

std::vector<metric> drain_with_eddy(const machine_bench_options& opts,
                                    const mosquitto_process& broker,
                                    uint64_t states, const std::string& dir) {
  // The job's partitions apply one record per state.
  auto readings = readings_per_state(states) * static_cast<double>(states);
  setting_list settings{{"jobs", "machines"},
                        {"mqtt.server.uri", broker.uri()},
                        {"machines.source.mqtt.enabled", "true"},
                        {"machines.mqtt.client.id", eddy_client_id},
                        {"machines.sink.stdout", "false"},
                        {"machines.late.file", "false"},
                        {"state.dir", dir + "/state"},
                        {"output.dir", dir + "/out"},
                        {"savepoint.dir", dir + "/savepoints"}};
  settings.insert(settings.end(), opts.extra_settings.begin(),
                  opts.extra_settings.end());
  stopwatch since_start;
  eddy_program eddy{opts.eddy(), settings, dir + "/eddy.log"};
  auto port = eddy.await_url();
  double first_ms = 0;
  wait_until(
      [&] {
        auto applied = read_job_counters(port, "").applied;
        if (applied > 0 && first_ms == 0)
          first_ms = since_start.elapsed_ms();
        return applied >= states;
      },
      "eddy applied the " + with_commas(states) + " states", step_timeout, 5ms);
  auto last_ms = since_start.elapsed_ms();
  eddy.stop();
  auto seconds = std::max(last_ms - first_ms, 1.0) / 1000;
  return {{"states/s", static_cast<double>(states) / seconds, unit::per_second},
          {"readings/s", readings / seconds, unit::per_second},
          {"first state after", first_ms, unit::ms}};
}

} // namespace

std::vector<figure_result> measure_mqtt(const machine_bench_options& opts,
                                        const std::string& dir) {
  auto states = opts.topic_records;
  figure_result baseline{baseline_figure, states, "-"};
  figure_result job{"machines job fed by MQTT, eddy program",
                    states,
                    ">= 0.80 × baseline",
                    {},
                    baseline_figure};
  for (int run = 0; run < opts.repeat; ++run) {
    auto run_dir = dir + "/" + std::to_string(run + 1);
    std::filesystem::create_directories(run_dir + "/broker");
    mosquitto_process broker{run_dir + "/broker"};
    progress("mqtt run " + std::to_string(run + 1) + ": broker at " +
             broker.uri());
    auto published = queue_states(broker, states);
    progress("  published at " + format(published, unit::per_second));
    baseline.runs.push_back(drain_with_mosquitto_sub(broker, states));
    progress("  " + baseline.name + ": " +
             format(baseline.runs.back()[0].value, unit::per_second));
    auto drained = drain_with_eddy(opts, broker, states, run_dir);
    drained.push_back({"published/s", published, unit::per_second});
    job.runs.push_back(std::move(drained));
    progress("  " + job.name + ": " +
             format(job.runs.back()[0].value, unit::per_second));
  }
  return {std::move(baseline), std::move(job)};
}

} // namespace eddy::bench
