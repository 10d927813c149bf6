// Rewrites the installed ClickHouse configuration for a directory and free
// ports, and says how to run it and see that it answers.
#include "bench/common/clickhouse_process.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

constexpr std::string_view installed_config = "/etc/clickhouse-server/";

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

std::string user_entry(const std::string& name, const std::string& password) {
  return "    <" + name + "><password>" + password +
         "</password><networks><ip>127.0.0.1</ip></networks>"
         "<profile>default</profile><quota>default</quota></" +
         name + ">\n";
}

} // namespace

clickhouse_process::clickhouse_process(std::string dir, options opts)
    : server_process(
          std::move(dir),
          {.name = "clickhouse-server",
           // Its start-up chatter on stdout and stderr, then its
           // own error log.
           .log_files = {"stderr.log", "log/clickhouse-server.err.log"},
           .port_count = port_count}),
      opts_(std::move(opts)) {
  start_on_free_ports();
}

std::string clickhouse_process::url() const {
  return "http://127.0.0.1:" + std::to_string(http_port());
}

void clickhouse_process::write_config() const {
  auto config = read_text(std::string{installed_config} + "config.xml");
  rewrite(config, "/var/log/clickhouse-server/", dir() + "/log/");
  rewrite(config, "/var/lib/clickhouse/", dir() + "/data/");
  rewrite(config, "<http_port>[0-9]+</http_port>",
          "<http_port>" + std::to_string(http_port()) + "</http_port>");
  rewrite(config, "<tcp_port>[0-9]+</tcp_port>",
          "<tcp_port>" + std::to_string(ports()[tcp]) + "</tcp_port>");
  rewrite(config, "<interserver_http_port>[0-9]+</interserver_http_port>",
          "<interserver_http_port>" + std::to_string(ports()[interserver]) +
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
  write_text(dir() + "/config.xml", config);
  auto users = read_text(std::string{installed_config} + "users.xml");
  rewrite(users, " incl=\"[a-z_]+\"", "");
  std::string entries;
  for (auto& [name, password] : opts_.users)
    entries += user_entry(name, password);
  if (!entries.empty())
    rewrite(users, "</users>", entries + "    </users>");
  write_text(dir() + "/users.xml", users);
}

std::vector<std::string> clickhouse_process::command_line() const {
  return {std::string{program}, "--config-file=" + dir() + "/config.xml"};
}

void clickhouse_process::connect() {
  client_.emplace(quick_client<clickhouse_client, clickhouse_options>(url()));
}

bool clickhouse_process::is_ready() {
  return static_cast<bool>(client_->ping());
}

void clickhouse_process::disconnect() noexcept {
  client_.reset();
}

std::string clickhouse_process::query(std::string_view sql) {
  if (!client_)
    throw bench_failure{"clickhouse-server is stopped"};
  auto reply = client_->execute(sql);
  if (!reply)
    throw bench_failure{describe(reply.error())};
  return std::move(*reply);
}

} // namespace eddy::bench
