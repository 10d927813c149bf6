// Rewrites the installed ClickHouse configuration for a test, and starts,
// restarts and stops the server.
#include "tests/support/clickhouse_server.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "messages/error.hpp"
#include "tests/support/free_port.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view installed_config = "/etc/clickhouse-server/";

std::string read_text(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces what `pattern` matches in `text` by `by`; throws if nothing
// matched: the installed file is not what this rewrite expects.
void rewrite(std::string& text, const std::string& pattern,
             const std::string& by) {
  std::regex re{pattern};
  if (!std::regex_search(text, re))
    throw std::runtime_error("the installed ClickHouse configuration has no " +
                             pattern);
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

} // namespace

clickhouse_server::clickhouse_server(options opts) : opts_(std::move(opts)) {
  for (int attempt = 1;; ++attempt) {
    pick_ports(http_port_, tcp_port_, interserver_port_);
    try {
      write_config();
      start();
      return;
    } catch (const std::runtime_error&) {
      if (attempt == 3)
        throw;
    }
  }
}

clickhouse_server::~clickhouse_server() {
  stop();
}

std::string clickhouse_server::url() const {
  return "http://127.0.0.1:" + std::to_string(http_port_);
}

void clickhouse_server::write_config() const {
  auto dir = dir_.path();
  auto config = read_text(std::string{installed_config} + "config.xml");
  rewrite(config, "/var/log/clickhouse-server/", dir + "/log/");
  rewrite(config, "/var/lib/clickhouse/", dir + "/data/");
  rewrite(config, "<http_port>[0-9]+</http_port>",
          "<http_port>" + std::to_string(http_port_) + "</http_port>");
  rewrite(config, "<tcp_port>[0-9]+</tcp_port>",
          "<tcp_port>" + std::to_string(tcp_port_) + "</tcp_port>");
  rewrite(config, "<interserver_http_port>[0-9]+</interserver_http_port>",
          "<interserver_http_port>" + std::to_string(interserver_port_) +
              "</interserver_http_port>");
  // Not every machine has IPv6 on loopback.
  rewrite(config, "<listen_host>::1</listen_host>", "");
  // Includes from a file no test has: each would print a warning.
  rewrite(config, " incl=\"[a-z_]+\"", "");
  // The query log is a table the server keeps writing: none needed here.
  rewrite(config, "<query_log>[\\s\\S]*?</query_log>", "");
  // An idle kept-alive connection holds up the server's shutdown for as
  // long as it may stay open: 1 s, not 3 (clients reconnect by design).
  rewrite(config, "<keep_alive_timeout>[0-9]+</keep_alive_timeout>",
          "<keep_alive_timeout>1</keep_alive_timeout>");
  rewrite(config, "</yandex>",
          "    <timezone>" + opts_.timezone + "</timezone>\n</yandex>");
  write_file(dir_, "config.xml", config);
  auto users = read_text(std::string{installed_config} + "users.xml");
  rewrite(users, " incl=\"[a-z_]+\"", "");
  rewrite(users, "</users>",
          "    <" + std::string{user} + "><password>" + std::string{password} +
              "</password><networks><ip>127.0.0.1</ip></networks>"
              "<profile>default</profile><quota>default</quota></" +
              std::string{user} + ">\n    </users>");
  write_file(dir_, "users.xml", users);
}

void clickhouse_server::start() {
  auto config = dir_.path() + "/config.xml";
  // Through sh only to send the server's start-up chatter on stderr to a
  // file; exec keeps the PID the server's.
  process_ = std::make_unique<child_process>(
      "/bin/sh",
      std::vector<std::string>{
          "-c", "exec \"$0\" --config-file=\"$1\" 2>>\"$2\"",
          std::string{program}, config, dir_.path() + "/stderr.log"});
  clickhouse_options opts;
  opts.url = url();
  opts.connect_timeout = 1s;
  auto client = clickhouse_client::make(opts);
  if (!client)
    throw std::runtime_error(describe(client.error()));
  client_.emplace(std::move(*client));
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!client_->ping()) {
    if (!process_->is_running() ||
        std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("clickhouse-server on port " +
                               std::to_string(http_port_) +
                               " did not start; its logs:\n" + log());
    }
    std::this_thread::sleep_for(10ms);
  }
}

std::string clickhouse_server::query(std::string_view sql) {
  if (!client_)
    throw std::runtime_error("clickhouse-server is stopped");
  auto reply = client_->execute(sql);
  if (!reply)
    throw std::runtime_error(describe(reply.error()));
  return std::move(*reply);
}

void clickhouse_server::restart() {
  stop();
  start();
}

void clickhouse_server::stop() {
  client_.reset();
  if (!process_)
    return;
  process_->terminate(30s);
  process_.reset();
}

std::string clickhouse_server::log() const {
  std::string text;
  for (auto name : {"/stderr.log", "/log/clickhouse-server.err.log"}) {
    std::ifstream in{dir_.path() + name};
    std::ostringstream part;
    part << in.rdbuf();
    text += part.str();
  }
  return text;
}

} // namespace eddy::test
