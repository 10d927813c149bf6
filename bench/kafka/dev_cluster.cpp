// Starts eddy-devkafka with fork/exec and reads its bootstrap line.
#include "bench/kafka/dev_cluster.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include "bench/common/bench_failure.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/spawn_child.hpp"
#include "bench/common/wait_until.hpp"

namespace eddy::bench {

namespace {

constexpr std::string_view bootstrap_prefix = "bootstrap.servers=";

constexpr std::chrono::seconds start_timeout{10};

bool has_exited(pid_t& pid) {
  if (pid <= 0)
    return true;
  if (::waitpid(pid, nullptr, WNOHANG) == 0)
    return false;
  pid = -1;
  return true;
}

} // namespace

dev_cluster::dev_cluster(const std::string& program,
                         const std::vector<cluster_topic>& topics,
                         const std::string& log)
    : log_(log) {
  std::vector<std::string> args{program, "--port", "0"};
  for (auto& t : topics)
    args.insert(args.end(),
                {"--topic", t.name + ":" + std::to_string(t.partitions)});
  int err_out =
      ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (err_out < 0)
    throw bench_failure{"cannot open " + log + ": " + std::strerror(errno)};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(err_out);
    throw bench_failure{std::string{"cannot make a pipe: "} +
                        std::strerror(errno)};
  }
  try {
    pid_ = spawn_child(args, pipe_fds[1], err_out);
  } catch (...) {
    for (int fd : {pipe_fds[0], pipe_fds[1], err_out})
      ::close(fd);
    throw;
  }
  ::close(pipe_fds[1]);
  ::close(err_out);
  stdout_ = pipe_fds[0];
  auto line = read_first_line();
  if (!line.starts_with(bootstrap_prefix)) {
    stop(); // no destructor runs for an object whose constructor throws
    throw bench_failure{program + " did not print its bootstrap servers (" +
                        (line.empty() ? "nothing" : "\"" + line + "\"") +
                        "); its stderr is in " + log};
  }
  bootstrap_servers_ = line.substr(bootstrap_prefix.size());
}

std::string dev_cluster::next_to_this_program() {
  // eddy and eddy-devkafka are built into the same directory.
  auto eddy = eddy_next_to_this_program();
  return eddy.substr(0, eddy.rfind('/')) + "/eddy-devkafka";
}

dev_cluster::~dev_cluster() {
  stop();
}

void dev_cluster::stop() {
  if (stdout_ >= 0) {
    ::close(stdout_);
    stdout_ = -1;
  }
  if (has_exited(pid_))
    return;
  ::kill(pid_, SIGTERM);
  try {
    wait_until([this] { return has_exited(pid_); }, "eddy-devkafka stopped",
               std::chrono::seconds{5}, std::chrono::milliseconds{10});
  } catch (const bench_failure&) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

std::string dev_cluster::read_first_line() {
  auto deadline = std::chrono::steady_clock::now() + start_timeout;
  std::string line;
  char c = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{stdout_, POLLIN, 0};
    if (::poll(&fd, 1, 100) <= 0)
      continue;
    auto n = ::read(stdout_, &c, 1);
    if (n <= 0 || c == '\n')
      break;
    line += c;
  }
  return line;
}

} // namespace eddy::bench
