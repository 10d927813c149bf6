// Runs the eddy program for tests; see eddy_process.hpp.
#include "tests/support/eddy_process.hpp"

#include <sys/wait.h>

#include <csignal>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/wall_clock.hpp"

namespace eddy::test {

using namespace std::chrono_literals;

namespace {

std::string eddy_program() {
  return std::string{EDDY_BIN_DIR} + "/eddy";
}

/// The arguments of a shell that joins stderr to stdout, then becomes eddy
/// with `args` (so signals reach eddy).
std::vector<std::string> logged_args(const std::vector<std::string>& args) {
  std::vector<std::string> shell_args{"-c", "exec \"$0\" \"$@\" 2>&1",
                                      eddy_program()};
  shell_args.insert(shell_args.end(), args.begin(), args.end());
  return shell_args;
}

} // namespace

finished_run run_eddy_to_exit(const std::vector<std::string>& args) {
  child_process eddy{"/bin/sh", logged_args(args)};
  finished_run run;
  while (auto line = eddy.read_line(30s))
    run.output += *line + "\n";
  REQUIRE_MESSAGE(eddy.wait(30s), "eddy did not exit; it printed:\n"
                                      << run.output);
  auto status = *eddy.exit_status();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

eddy_process::eddy_process(const std::string& dir, const settings_list& extra,
                           eddy_output output,
                           const std::vector<std::string>& arguments) {
  settings_list all{{"http.port", "0"},
                    {"generator.enabled", "false"},
                    {"state.dir", dir + "/state"},
                    {"output.dir", dir + "/out"}};
  all.insert(all.end(), extra.begin(), extra.end());
  auto args = arguments;
  for (auto& [key, value] : all)
    args.insert(args.end(), {"--set", key + "=" + value});
  if (output == eddy_output::printed_and_logged)
    process_.emplace("/bin/sh", logged_args(args));
  else
    process_.emplace(eddy_program(), args);
  for (int i = 0; i < 20 && port_ == 0; ++i) {
    auto line = process_->read_line(30s);
    REQUIRE_MESSAGE(line, "eddy did not print its URL; it printed:\n"
                              << start_up_);
    start_up_ += *line + "\n";
    if (auto at = line->find("http://127.0.0.1:"); at != std::string::npos)
      port_ = static_cast<uint16_t>(std::stoi(line->substr(at + 17)));
  }
  REQUIRE(port_ != 0);
}

eddy_process::~eddy_process() {
  if (process_->is_running())
    CHECK(stop());
}

void eddy_process::kill() {
  process_->signal(SIGKILL);
  REQUIRE(process_->wait(10s));
}

bool eddy_process::stop(std::chrono::milliseconds timeout) {
  process_->signal(SIGTERM);
  return process_->wait(timeout);
}

uint64_t eddy_process::records_processed() {
  http_client client{"127.0.0.1", port_};
  auto body = nlohmann::json::parse(client.get("/v1/jobs").body);
  uint64_t sum = 0;
  for (auto& p : body["jobs"][0]["partitions"])
    sum += p["recordsProcessed"].get<uint64_t>();
  return sum;
}

http_reply eddy_process::post_admin(const std::string& target,
                                    const std::string& token) {
  http_client client{"127.0.0.1", port_};
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty())
    headers.emplace_back("Authorization", "Bearer " + token);
  return client.request("POST", target, "", "application/json", headers);
}

void wait_processed(eddy_process& eddy, uint64_t n) {
  for (int i = 0; i < 1200 && eddy.records_processed() < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  REQUIRE(eddy.records_processed() >= n);
}

void wait_for_window_start(std::chrono::milliseconds size) {
  while (wall_clock_ms() % size.count() > 500)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
}

} // namespace eddy::test
