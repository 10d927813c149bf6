// Writes an InfluxDB 1.6 configuration for a directory and free ports, and
// starts, restarts and stops the server.
#include "bench/common/influxdb_process.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/common/bench_failure.hpp"
#include "bench/common/free_port.hpp"
#include "bench/common/spawn_child.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

/// How long the server may take to answer its first ping, and to exit
/// after SIGTERM.
constexpr auto start_timeout = 30s;
constexpr auto stop_grace = 30s;

} // namespace

influxdb_process::influxdb_process(std::string dir) : dir_(std::move(dir)) {
  for (int attempt = 1;; ++attempt) {
    http_port_ = free_port();
    do
      rpc_port_ = free_port();
    while (rpc_port_ == http_port_);
    try {
      write_config();
      start();
      return;
    } catch (const bench_failure&) {
      if (attempt == 3)
        throw;
    }
  }
}

influxdb_process::~influxdb_process() {
  stop();
}

std::string influxdb_process::url() const {
  return "http://127.0.0.1:" + std::to_string(http_port_);
}

void influxdb_process::write_config() const {
  auto path = dir_ + "/influxdb.conf";
  std::ofstream out{path};
  // The backup/restore RPC service needs its own port; the rest stays off
  // or quiet (no usage reports, no _internal database, no request log).
  out << "reporting-disabled = true\n"
      << "bind-address = \"127.0.0.1:" << rpc_port_ << "\"\n"
      << "[meta]\n  dir = \"" << dir_ << "/meta\"\n"
      << "[data]\n  dir = \"" << dir_ << "/data\"\n"
      << "  wal-dir = \"" << dir_ << "/wal\"\n"
      << "  query-log-enabled = false\n"
      << "[monitor]\n  store-enabled = false\n"
      << "[http]\n  bind-address = \"127.0.0.1:" << http_port_ << "\"\n"
      << "  log-enabled = false\n"
      << "[logging]\n  level = \"warn\"\n";
  if (!out)
    throw bench_failure{"cannot write " + path};
}

void influxdb_process::start() {
  pid_ = spawn_logged(
      {std::string{program}, "run", "-config", dir_ + "/influxdb.conf"},
      dir_ + "/influxd.log");
  http_poster_options opts;
  opts.url = url();
  opts.connect_timeout = 1s;
  auto client = http_poster::make(opts);
  if (!client)
    throw bench_failure{describe(client.error())};
  client_.emplace(std::move(*client));
  auto deadline = std::chrono::steady_clock::now() + start_timeout;
  for (;;) {
    auto reply = client_->get("/ping");
    if (reply && reply->status == 204)
      return;
    if (!is_running() || std::chrono::steady_clock::now() > deadline) {
      stop();
      throw bench_failure{"influxd on port " + std::to_string(http_port_) +
                          " did not start; its output:\n" + log()};
    }
    std::this_thread::sleep_for(10ms);
  }
}

bool influxdb_process::is_running() {
  if (pid_ > 0 && reap_child(pid_, 0ms))
    pid_ = -1;
  return pid_ > 0;
}

std::string influxdb_process::query(std::string_view db,
                                    std::string_view influxql,
                                    std::string_view epoch) {
  if (!client_)
    throw bench_failure{"influxd is stopped"};
  std::string params = "q=" + percent_encode(influxql);
  if (!db.empty())
    params += "&db=" + percent_encode(db);
  if (!epoch.empty())
    params += "&epoch=" + percent_encode(epoch);
  auto reply = client_->post("/query", params, {});
  if (!reply)
    throw bench_failure{describe(reply.error())};
  if (!reply->is_success() ||
      reply->body.find("\"error\"") != std::string::npos)
    throw bench_failure{"influxdb " + url() + " answered HTTP " +
                        std::to_string(reply->status) + " to " +
                        std::string{influxql} + ": " + reply->body};
  return std::move(reply->body);
}

void influxdb_process::restart() {
  stop();
  start();
}

void influxdb_process::stop() {
  client_.reset();
  if (!is_running())
    return;
  stop_child(pid_, stop_grace);
  pid_ = -1;
}

std::string influxdb_process::log() const {
  std::ifstream in{dir_ + "/influxd.log"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace eddy::bench
