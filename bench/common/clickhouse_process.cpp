// Rewrites the installed ClickHouse configuration for a directory and free
// ports, and starts, restarts and stops the server.
#include "bench/common/clickhouse_process.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "bench/common/bench_failure.hpp"
#include "bench/common/free_port.hpp"
#include "bench/common/spawn_child.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view installed_config = "/etc/clickhouse-server/";

/// How long the server may take to answer its first ping, and to exit
/// after SIGTERM.
constexpr auto start_timeout = 30s;
constexpr auto stop_grace = 30s;

std::string read_text(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    throw bench_failure{"cannot read " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out{path};
  out << text;
  if (!out)
    throw bench_failure{"cannot write " + path};
}

// Replaces what `pattern` matches in `text` by `by`; throws if nothing
// matched: the installed file is not what this rewrite expects.
void rewrite(std::string& text, const std::string& pattern,
             const std::string& by) {
  std::regex re{pattern};
  if (!std::regex_search(text, re))
    throw bench_failure{"the installed ClickHouse configuration has no " +
                        pattern};
  text = std::regex_replace(text, re, by);
}

// Three distinct ports: the kernel may hand out a just-closed one again.
void pick_ports(uint16_t& a, uint16_t& b, uint16_t& c) {
  a = free_port();
  do
    b = free_port();
  while (b == a);
  do
    c = free_port();
  while (c == a || c == b);
}

std::string user_entry(const std::string& name, const std::string& password) {
  return "    <" + name + "><password>" + password +
         "</password><networks><ip>127.0.0.1</ip></networks>"
         "<profile>default</profile><quota>default</quota></" +
         name + ">\n";
}

} // namespace

clickhouse_process::clickhouse_process(std::string dir, options opts)
    : dir_(std::move(dir)), opts_(std::move(opts)) {
  for (int attempt = 1;; ++attempt) {
    pick_ports(http_port_, tcp_port_, interserver_port_);
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

clickhouse_process::~clickhouse_process() {
  stop();
}

std::string clickhouse_process::url() const {
  return "http://127.0.0.1:" + std::to_string(http_port_);
}

void clickhouse_process::write_config() const {
  auto config = read_text(std::string{installed_config} + "config.xml");
  rewrite(config, "/var/log/clickhouse-server/", dir_ + "/log/");
  rewrite(config, "/var/lib/clickhouse/", dir_ + "/data/");
  rewrite(config, "<http_port>[0-9]+</http_port>",
          "<http_port>" + std::to_string(http_port_) + "</http_port>");
  rewrite(config, "<tcp_port>[0-9]+</tcp_port>",
          "<tcp_port>" + std::to_string(tcp_port_) + "</tcp_port>");
  rewrite(config, "<interserver_http_port>[0-9]+</interserver_http_port>",
          "<interserver_http_port>" + std::to_string(interserver_port_) +
              "</interserver_http_port>");
  // Not every machine has IPv6 on loopback.
  rewrite(config, "<listen_host>::1</listen_host>", "");
  // Includes from a file nobody wrote: each would print a warning.
  rewrite(config, " incl=\"[a-z_]+\"", "");
  // The query log is a table the server keeps writing: none needed here.
  rewrite(config, "<query_log>[\\s\\S]*?</query_log>", "");
  // An idle kept-alive connection holds up the server's shutdown for as
  // long as it may stay open: 1 s, not 3 (clients reconnect by design).
  rewrite(config, "<keep_alive_timeout>[0-9]+</keep_alive_timeout>",
          "<keep_alive_timeout>1</keep_alive_timeout>");
  rewrite(config, "</yandex>",
          "    <timezone>" + opts_.timezone + "</timezone>\n</yandex>");
  write_text(dir_ + "/config.xml", config);
  auto users = read_text(std::string{installed_config} + "users.xml");
  rewrite(users, " incl=\"[a-z_]+\"", "");
  std::string entries;
  for (auto& [name, password] : opts_.users)
    entries += user_entry(name, password);
  if (!entries.empty())
    rewrite(users, "</users>", entries + "    </users>");
  write_text(dir_ + "/users.xml", users);
}

void clickhouse_process::start() {
  // Its start-up chatter on stdout and stderr goes to a file, which log()
  // quotes; its own logs are under log/.
  pid_ = spawn_logged(
      {std::string{program}, "--config-file=" + dir_ + "/config.xml"},
      dir_ + "/stderr.log");
  clickhouse_options opts;
  opts.url = url();
  opts.connect_timeout = 1s;
  auto client = clickhouse_client::make(opts);
  if (!client)
    throw bench_failure{describe(client.error())};
  client_.emplace(std::move(*client));
  auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (!client_->ping()) {
    if (!is_running() || std::chrono::steady_clock::now() > deadline) {
      stop();
      throw bench_failure{"clickhouse-server on port " +
                          std::to_string(http_port_) +
                          " did not start; its logs:\n" + log()};
    }
    std::this_thread::sleep_for(10ms);
  }
}

bool clickhouse_process::is_running() {
  if (pid_ > 0 && reap_child(pid_, 0ms))
    pid_ = -1;
  return pid_ > 0;
}

std::string clickhouse_process::query(std::string_view sql) {
  if (!client_)
    throw bench_failure{"clickhouse-server is stopped"};
  auto reply = client_->execute(sql);
  if (!reply)
    throw bench_failure{describe(reply.error())};
  return std::move(*reply);
}

void clickhouse_process::restart() {
  stop();
  start();
}

void clickhouse_process::stop() {
  client_.reset();
  if (!is_running())
    return;
  stop_child(pid_, stop_grace);
  pid_ = -1;
}

std::string clickhouse_process::log() const {
  std::string text;
  for (auto name : {"/stderr.log", "/log/clickhouse-server.err.log"}) {
    std::ifstream in{dir_ + name};
    std::ostringstream part;
    part << in.rdbuf();
    text += part.str();
  }
  return text;
}

} // namespace eddy::bench
