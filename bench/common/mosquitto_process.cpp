// Writes mosquitto's configuration, starts and stops it.
#include "bench/common/mosquitto_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/common/bench_failure.hpp"
#include "bench/common/free_port.hpp"
#include "bench/common/spawn_child.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

bool accepts_connections(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool is_open =
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return is_open;
}

// Run as root, mosquitto switches to the user "mosquitto", which cannot
// write our directory: make it stay who we are.
std::string current_user() {
  if (auto* entry = ::getpwuid(::geteuid()))
    return entry->pw_name;
  return "root";
}

std::string program() {
  return ::access("/usr/sbin/mosquitto", X_OK) == 0 ? "/usr/sbin/mosquitto"
                                                    : "mosquitto";
}

} // namespace

mosquitto_process::mosquitto_process(std::string dir) : dir_(std::move(dir)) {
  for (int attempt = 0; attempt < 3; ++attempt)
    if (start())
      return;
  throw bench_failure{"mosquitto did not start; its log:\n" + log()};
}

mosquitto_process::~mosquitto_process() {
  if (pid_ > 0)
    stop_child(pid_, 10s);
}

std::string mosquitto_process::uri() const {
  return "tcp://127.0.0.1:" + std::to_string(port_);
}

std::string mosquitto_process::log() const {
  std::ifstream in{dir_ + "/mosquitto.log"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool mosquitto_process::start() {
  port_ = free_port();
  auto config = dir_ + "/mosquitto.conf";
  {
    std::ofstream out{config, std::ios::trunc};
    out << "listener " << port_ << " 127.0.0.1\n"
        << "allow_anonymous true\n"
        // With the defaults the broker silently drops ~1% of QoS 1 messages
        // to a fast subscriber, and a persistent session queues only 1000.
        << "max_queued_messages 0\n"
        << "max_inflight_messages 100\n"
        << "persistence false\n"
        << "user " << current_user() << '\n'
        << "log_dest file " << dir_ << "/mosquitto.log\n"
        << "log_type error\nlog_type warning\nlog_type notice\n";
    if (!out)
      throw bench_failure{"cannot write " + config};
  }
  pid_ = spawn_logged({program(), "-c", config}, dir_ + "/mosquitto.out");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!accepts_connections(port_)) {
    auto has_exited = reap_child(pid_, 0ms).has_value();
    if (has_exited || std::chrono::steady_clock::now() > deadline) {
      if (!has_exited)
        stop_child(pid_, 1s);
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

} // namespace eddy::bench
