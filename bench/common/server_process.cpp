// Starts a server on free ports until one start succeeds, polls it until it
// answers, and stops it by its PID.
#include "bench/common/server_process.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/common/free_port.hpp"
#include "bench/common/spawn_child.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

/// How long the server may take to answer its first probe, and to exit
/// after its stop signal.
constexpr auto start_timeout = 30s;
constexpr auto stop_grace = 30s;

/// How many sets of ports a start tries: another process may take a free
/// port before the server binds it.
constexpr int start_attempts = 3;

// Distinct ports: the kernel may hand out a just-closed one again.
std::vector<uint16_t> distinct_free_ports(std::size_t count) {
  std::vector<uint16_t> ports;
  while (ports.size() < count) {
    auto port = free_port();
    if (std::find(ports.begin(), ports.end(), port) == ports.end())
      ports.push_back(port);
  }
  return ports;
}

} // namespace

server_process::server_process(std::string dir, launch_settings launch)
    : dir_(std::move(dir)), launch_(std::move(launch)) {}

server_process::~server_process() {
  stop_by_pid();
}

void server_process::start_on_free_ports() {
  for (int attempt = 1;; ++attempt) {
    ports_ = distinct_free_ports(launch_.port_count);
    try {
      write_config();
      start();
      return;
    } catch (const bench_failure&) {
      if (attempt == start_attempts)
        throw;
    }
  }
}

void server_process::start() {
  pid_ = spawn_logged(command_line(), dir_ + "/" + launch_.log_files.front());
  connect();
  auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (!is_ready()) {
    if (!is_running() || std::chrono::steady_clock::now() > deadline) {
      stop();
      throw bench_failure{launch_.name + " on port " +
                          std::to_string(ports_.front()) +
                          " did not start; its log:\n" + log()};
    }
    std::this_thread::sleep_for(10ms);
  }
}

bool server_process::is_running() {
  if (pid_ > 0 && reap_child(pid_, 0ms))
    pid_ = -1;
  return pid_ > 0;
}

void server_process::restart() {
  stop();
  start();
}

void server_process::stop() {
  // An open connection can hold up the server's shutdown.
  disconnect();
  stop_by_pid();
}

void server_process::stop_by_pid() {
  if (!is_running())
    return;
  stop_child(pid_, stop_grace, launch_.stop_signal);
  pid_ = -1;
}

std::string server_process::log() const {
  std::string text;
  for (auto& name : launch_.log_files) {
    // A file the server has not written yet reads as empty.
    std::ifstream in{dir_ + "/" + name};
    std::ostringstream part;
    part << in.rdbuf();
    text += part.str();
  }
  return text;
}

} // namespace eddy::bench
