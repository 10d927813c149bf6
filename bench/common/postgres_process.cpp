// Makes a PostgreSQL cluster in a directory, and says how to run its server
// as user postgres and see that it answers.
#include "bench/common/postgres_process.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <vector>

#include "bench/common/bench_failure.hpp"
#include "bench/common/spawn_child.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

/// How long initdb may take.
constexpr auto init_timeout = 30s;

constexpr const char* server_user = "postgres";

/// Where initdb's and the server's output go, in the directory.
constexpr const char* log_file = "postgres.log";

// Runs `args` as user postgres when we are root (PostgreSQL refuses to run
// as root), as ourselves otherwise: setpriv changes the user and execs,
// so the pid is the program's own, and asks for SIGKILL when we die (the
// change of user clears what spawn_child asked for).
std::vector<std::string> as_server_user(std::vector<std::string> args) {
  if (::geteuid() != 0)
    return args;
  std::vector<std::string> command{"setpriv",
                                   std::string{"--reuid="} + server_user,
                                   std::string{"--regid="} + server_user,
                                   "--init-groups",
                                   "--pdeathsig=SIGKILL",
                                   "--"};
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

// Gives `dir` to user postgres and lets it pass through every parent (a
// test's temporary directory is 0700 root under /tmp).
void open_for_server_user(const std::string& dir) {
  if (::geteuid() != 0)
    return;
  auto* user = ::getpwnam(server_user);
  if (user == nullptr)
    throw bench_failure{"no user postgres: is postgresql-15 installed?"};
  if (::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0)
    throw bench_failure{"cannot give " + dir +
                        " to postgres: " + std::strerror(errno)};
  namespace fs = std::filesystem;
  for (auto parent = fs::absolute(dir).parent_path();
       parent != parent.root_path(); parent = parent.parent_path()) {
    struct stat status {};
    if (::stat(parent.c_str(), &status) != 0)
      throw bench_failure{"cannot stat " + parent.string() + ": " +
                          std::strerror(errno)};
    if ((status.st_mode & S_IXOTH) == 0 &&
        ::chmod(parent.c_str(), (status.st_mode & 07777) | S_IXOTH) != 0)
      throw bench_failure{"cannot open " + parent.string() +
                          " for postgres: " + std::strerror(errno)};
  }
}

} // namespace

postgres_process::postgres_process(std::string dir)
    : server_process(std::move(dir), {.name = "postgres",
                                      .log_files = {log_file},
                                      .stop_signal = SIGINT}) {
  open_for_server_user(this->dir());
  init_cluster();
  start_on_free_ports();
}

std::string postgres_process::url() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port()) +
         "/postgres";
}

void postgres_process::init_cluster() {
  auto pid = spawn_logged(
      as_server_user({std::string{bin_dir} + "initdb", "-D", dir() + "/data",
                      "-A", "trust", "-U", "postgres", "--no-sync", "-E",
                      "UTF8", "--locale=C"}),
      dir() + "/" + log_file);
  auto status = reap_child(pid, init_timeout);
  if (!status) {
    stop_child(pid, 1s);
    throw bench_failure{"initdb in " + dir() +
                        " took over 30 s; its output:\n" + log()};
  }
  if (*status != 0)
    throw bench_failure{"initdb in " + dir() + " failed; its output:\n" +
                        log()};
}

std::vector<std::string> postgres_process::command_line() const {
  return as_server_user({std::string{bin_dir} + "postgres", "-D",
                         dir() + "/data", "-p", std::to_string(port()), "-k",
                         dir(), "-c", "listen_addresses=127.0.0.1", "-c",
                         "fsync=off"});
}

void postgres_process::connect() {
  client_.emplace(quick_client<postgres_client, postgres_options>(url()));
}

bool postgres_process::is_ready() {
  return static_cast<bool>(client_->execute("SELECT 1"));
}

void postgres_process::disconnect() noexcept {
  client_.reset();
}

std::string postgres_process::query(std::string_view sql) {
  if (!client_)
    throw bench_failure{"postgres is stopped"};
  auto rows = client_->execute(sql);
  if (!rows)
    throw bench_failure{describe(rows.error())};
  return std::move(*rows);
}

} // namespace eddy::bench
