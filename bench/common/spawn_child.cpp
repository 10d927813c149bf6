// fork, then exec in the child; a pipe tells the parent whether exec
// worked. Stopping: SIGTERM (or another signal), a grace period, SIGKILL.
#include "bench/common/spawn_child.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

pid_t spawn_child(const std::vector<std::string>& args, int out, int err) {
  // Everything the child needs is made before fork: after it, a
  // multithreaded parent's child may only make async-signal-safe calls.
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (auto& arg : storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  // Closes on a successful exec; otherwise the child writes its errno here.
  int exec_status[2] = {-1, -1};
  if (::pipe2(exec_status, O_CLOEXEC) != 0)
    throw bench_failure{"cannot start " + args.at(0) +
                        ": pipe: " + std::strerror(errno)};
  int null_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  auto parent = ::getpid();
  auto pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
      ::_exit(127);
    if (null_input >= 0)
      ::dup2(null_input, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execvp(argv[0], argv.data());
    int exec_errno = errno;
    [[maybe_unused]] auto written =
        ::write(exec_status[1], &exec_errno, sizeof exec_errno);
    ::_exit(127);
  }
  auto fork_errno = errno;
  ::close(exec_status[1]);
  if (null_input >= 0)
    ::close(null_input);
  if (pid < 0) {
    ::close(exec_status[0]);
    throw bench_failure{"cannot start " + args.at(0) +
                        ": fork: " + std::strerror(fork_errno)};
  }
  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = ::read(exec_status[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  ::close(exec_status[0]);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    ::waitpid(pid, nullptr, 0);
    throw bench_failure{"cannot run " + args.at(0) + ": " +
                        std::strerror(child_errno)};
  }
  return pid;
}

pid_t spawn_logged(const std::vector<std::string>& args,
                   const std::string& log_path) {
  int out =
      ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0)
    throw bench_failure{"cannot open " + log_path + ": " +
                        std::strerror(errno)};
  try {
    auto pid = spawn_child(args, out, out);
    ::close(out);
    return pid;
  } catch (...) {
    ::close(out);
    throw;
  }
}

std::optional<int> reap_child(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != 0)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (std::chrono::steady_clock::now() >= deadline)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
}

void stop_child(pid_t pid, std::chrono::milliseconds grace, int signal) {
  ::kill(pid, signal);
  if (!reap_child(pid, grace)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
}

} // namespace eddy::bench
