// Writes the broker's configuration, starts, restarts and stops mosquitto.
#include "tests/support/mosquitto_broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "messages/error.hpp"
#include "tests/support/free_port.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

sockaddr_in loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

bool accepts_connections(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  auto addr = loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Run as root, mosquitto switches to the user "mosquitto", which cannot
// write our temporary directory: make it stay who we are.
std::string current_user() {
  if (auto* entry = ::getpwuid(::geteuid()))
    return entry->pw_name;
  return "root";
}

} // namespace

mosquitto_broker::mosquitto_broker(options opts) : opts_(opts) {
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    try {
      start();
      return;
    } catch (const std::runtime_error&) {
      if (attempt == 3)
        throw;
    }
  }
}

mosquitto_broker::~mosquitto_broker() {
  stop();
}

std::string mosquitto_broker::program() {
  if (::access("/usr/sbin/mosquitto", X_OK) == 0)
    return "/usr/sbin/mosquitto";
  return "mosquitto";
}

std::string mosquitto_broker::uri() const {
  return "tcp://127.0.0.1:" + std::to_string(port_);
}

void mosquitto_broker::start() {
  auto config = dir_.path() + "/mosquitto.conf";
  {
    std::ofstream out{config, std::ios::trunc};
    out << "listener " << port_ << " 127.0.0.1\n"
        << "allow_anonymous true\n"
        // With the defaults the broker silently drops ~1% of QoS 1 messages
        // to a fast subscriber (TOOLCHAIN.md).
        << "max_queued_messages 1000000\n"
        << "max_inflight_messages 100\n"
        << "persistence true\n"
        << "persistence_location " << dir_.path() << "/\n"
        << "autosave_interval 1\n"
        << "user " << current_user() << '\n'
        << "log_dest file " << dir_.path() << "/mosquitto.log\n"
        << "log_type error\nlog_type warning\nlog_type notice\n"
        << "log_type information\n";
    if (opts_.is_logging_packets)
      out << "log_type debug\n";
    if (!out)
      throw std::runtime_error("cannot write " + config);
  }
  process_ = std::make_unique<child_process>(
      program(), std::vector<std::string>{"-c", config});
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!accepts_connections(port_)) {
    if (!process_->is_running() ||
        std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("mosquitto on port " + std::to_string(port_) +
                               " did not start; its log:\n" + log());
    }
    std::this_thread::sleep_for(10ms);
  }
}

void mosquitto_broker::restart() {
  stop();
  start();
}

void mosquitto_broker::stop() {
  if (!process_)
    return;
  process_->terminate(10s);
  process_.reset();
}

std::string mosquitto_broker::log() const {
  std::ifstream in{dir_.path() + "/mosquitto.log"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool mosquitto_broker::wait_for_log(std::string_view text,
                                    std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (log().find(text) != std::string::npos)
      return true;
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(10ms);
  }
}

mqtt_publisher
mosquitto_broker::connect_publisher(const std::string& client_id) const {
  mqtt_publisher::options opts;
  opts.broker_uri = uri();
  opts.client_id = client_id;
  auto publisher = mqtt_publisher::make(std::move(opts));
  if (!publisher)
    throw std::runtime_error("cannot connect a publisher to " + uri() + ": " +
                             describe(publisher.error()));
  return std::move(*publisher);
}

} // namespace eddy::test
