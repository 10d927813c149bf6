// Makes a PostgreSQL cluster in a directory, and starts, restarts and stops
// its server as user postgres.
#include "bench/common/postgres_process.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "bench/common/bench_failure.hpp"
#include "bench/common/free_port.hpp"
#include "bench/common/spawn_child.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

using namespace std::chrono_literals;

/// How long initdb and the server's start may take, and its exit after
/// SIGINT.
constexpr auto start_timeout = 30s;
constexpr auto stop_grace = 30s;

constexpr const char* server_user = "postgres";

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

// A file to append a child's output to.
int open_log(const std::string& path) {
  int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    throw bench_failure{"cannot open " + path + ": " + std::strerror(errno)};
  return fd;
}

} // namespace

postgres_process::postgres_process(std::string dir) : dir_(std::move(dir)) {
  open_for_server_user(dir_);
  init_cluster();
  for (int attempt = 1;; ++attempt) {
    port_ = free_port();
    try {
      start();
      return;
    } catch (const bench_failure&) {
      // Most likely another process took the port first.
      if (attempt == 3)
        throw;
    }
  }
}

postgres_process::~postgres_process() {
  stop();
}

std::string postgres_process::url() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) +
         "/postgres";
}

void postgres_process::init_cluster() {
  int out = open_log(dir_ + "/postgres.log");
  pid_t pid = -1;
  try {
    pid = spawn_child(
        as_server_user({std::string{bin_dir} + "initdb", "-D", dir_ + "/data",
                        "-A", "trust", "-U", "postgres", "--no-sync", "-E",
                        "UTF8", "--locale=C"}),
        out, out);
  } catch (...) {
    ::close(out);
    throw;
  }
  ::close(out);
  auto status = reap_child(pid, start_timeout);
  if (!status) {
    stop_child(pid, 1s);
    throw bench_failure{"initdb in " + dir_ + " took over 30 s; its output:\n" +
                        log()};
  }
  if (*status != 0)
    throw bench_failure{"initdb in " + dir_ + " failed; its output:\n" + log()};
}

void postgres_process::start() {
  int out = open_log(dir_ + "/postgres.log");
  try {
    pid_ = spawn_child(
        as_server_user({std::string{bin_dir} + "postgres", "-D", dir_ + "/data",
                        "-p", std::to_string(port_), "-k", dir_, "-c",
                        "listen_addresses=127.0.0.1", "-c", "fsync=off"}),
        out, out);
  } catch (...) {
    ::close(out);
    throw;
  }
  ::close(out);
  postgres_options opts;
  opts.url = url();
  opts.connect_timeout = 1s;
  auto client = postgres_client::make(opts);
  if (!client)
    throw bench_failure{describe(client.error())};
  client_.emplace(std::move(*client));
  auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (!client_->execute("SELECT 1")) {
    if (!is_running() || std::chrono::steady_clock::now() > deadline) {
      stop();
      throw bench_failure{"postgres on port " + std::to_string(port_) +
                          " did not start; its log:\n" + log()};
    }
    std::this_thread::sleep_for(10ms);
  }
}

bool postgres_process::is_running() {
  if (pid_ > 0 && reap_child(pid_, 0ms))
    pid_ = -1;
  return pid_ > 0;
}

std::string postgres_process::query(std::string_view sql) {
  if (!client_)
    throw bench_failure{"postgres is stopped"};
  auto rows = client_->execute(sql);
  if (!rows)
    throw bench_failure{describe(rows.error())};
  return std::move(*rows);
}

void postgres_process::restart() {
  stop();
  start();
}

void postgres_process::stop() {
  client_.reset();
  if (!is_running())
    return;
  ::kill(pid_, SIGINT);
  if (!reap_child(pid_, stop_grace)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

std::string postgres_process::log() const {
  std::ifstream in{dir_ + "/postgres.log"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace eddy::bench
