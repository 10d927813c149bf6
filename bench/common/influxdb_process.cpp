// Writes an InfluxDB 1.6 configuration for a directory and free ports, and
// says how to run it and see that it answers.
#include "bench/common/influxdb_process.hpp"

#include <fstream>

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

influxdb_process::influxdb_process(std::string dir)
    : server_process(std::move(dir), {.name = "influxd",
                                      .log_files = {"influxd.log"},
                                      .port_count = port_count}) {
  start_on_free_ports();
}

std::string influxdb_process::url() const {
  return "http://127.0.0.1:" + std::to_string(http_port());
}

void influxdb_process::write_config() const {
  auto path = dir() + "/influxdb.conf";
  std::ofstream out{path};
  // The backup/restore RPC service needs its own port; the rest stays off
  // or quiet (no usage reports, no _internal database, no request log).
  out << "reporting-disabled = true\n"
      << "bind-address = \"127.0.0.1:" << ports()[rpc] << "\"\n"
      << "[meta]\n  dir = \"" << dir() << "/meta\"\n"
      << "[data]\n  dir = \"" << dir() << "/data\"\n"
      << "  wal-dir = \"" << dir() << "/wal\"\n"
      << "  query-log-enabled = false\n"
      << "[monitor]\n  store-enabled = false\n"
      << "[http]\n  bind-address = \"127.0.0.1:" << http_port() << "\"\n"
      << "  log-enabled = false\n"
      << "[logging]\n  level = \"warn\"\n";
  if (!out)
    throw bench_failure{"cannot write " + path};
}

std::vector<std::string> influxdb_process::command_line() const {
  return {std::string{program}, "run", "-config", dir() + "/influxdb.conf"};
}

void influxdb_process::connect() {
  client_.emplace(quick_client<http_poster, http_poster_options>(url()));
}

bool influxdb_process::is_ready() {
  auto reply = client_->get("/ping");
  return reply && reply->status == 204;
}

void influxdb_process::disconnect() noexcept {
  client_.reset();
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

} // namespace eddy::bench
