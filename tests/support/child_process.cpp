// Starts, reads, signals and reaps child processes with fork/exec.
#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace eddy::test {

namespace {

[[noreturn]] void fail(const std::string& program, const char* what, int err) {
  throw std::runtime_error("cannot start " + program + ": " + what + ": " +
                           std::strerror(err));
}

void close_all(std::initializer_list<int> fds) {
  for (int fd : fds)
    if (fd >= 0)
      ::close(fd);
}

} // namespace

child_process::child_process(const std::string& program,
                             const std::vector<std::string>& args) {
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are allowed in a multithreaded parent.
  std::vector<std::string> argv_storage;
  argv_storage.push_back(program);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  int output[2] = {-1, -1};
  int exec_status[2] = {-1, -1};
  // The exec-status pipe closes on a successful exec; otherwise the child
  // writes its errno into it.
  if (::pipe2(output, O_CLOEXEC) != 0 || ::pipe2(exec_status, O_CLOEXEC) != 0 ||
      ::pipe2(wake_, O_CLOEXEC) != 0) {
    auto err = errno;
    close_all({output[0], output[1], exec_status[0], exec_status[1], wake_[0],
               wake_[1]});
    fail(program, "pipe", err);
  }
  int null_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  auto parent = ::getpid();
  auto pid = ::fork();
  if (pid < 0) {
    auto err = errno;
    close_all({output[0], output[1], exec_status[0], exec_status[1], wake_[0],
               wake_[1], null_input});
    fail(program, "fork", err);
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent)
      ::_exit(127);
    if (null_input >= 0)
      ::dup2(null_input, STDIN_FILENO);
    ::dup2(output[1], STDOUT_FILENO);
    ::execvp(argv[0], argv.data());
    int err = errno;
    [[maybe_unused]] auto written = ::write(exec_status[1], &err, sizeof err);
    ::_exit(127);
  }
  close_all({output[1], exec_status[1], null_input});
  int child_errno = 0;
  ssize_t got;
  do {
    got = ::read(exec_status[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  ::close(exec_status[0]);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    close_all({output[0], wake_[0], wake_[1]});
    ::waitpid(pid, nullptr, 0);
    fail(program, "exec", child_errno);
  }
  pid_ = pid;
  output_ = output[0];
  reader_ = std::thread{[this] { read_stdout(); }};
}

child_process::~child_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // A grandchild may still hold stdout open: wake the reader explicitly.
  char wake = 0;
  [[maybe_unused]] auto written = ::write(wake_[1], &wake, 1);
  if (reader_.joinable())
    reader_.join();
  close_all({output_, wake_[0], wake_[1]});
}

void child_process::read_stdout() {
  std::string partial;
  char chunk[4096];
  for (;;) {
    pollfd fds[2] = {{output_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    auto ready = ::poll(fds, 2, -1);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0 || (fds[1].revents & POLLIN) != 0)
      break;
    auto got = ::read(output_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    partial.append(chunk, static_cast<size_t>(got));
    std::lock_guard guard{mtx_};
    for (auto newline = partial.find('\n'); newline != std::string::npos;
         newline = partial.find('\n')) {
      lines_.push_back(partial.substr(0, newline));
      partial.erase(0, newline + 1);
    }
    cv_.notify_all();
  }
  std::lock_guard guard{mtx_};
  if (!partial.empty())
    lines_.push_back(std::move(partial));
  is_output_closed_ = true;
  cv_.notify_all();
}

std::optional<std::string>
child_process::read_line(std::chrono::milliseconds timeout) {
  std::unique_lock lock{mtx_};
  cv_.wait_for(lock, timeout,
               [this] { return !lines_.empty() || is_output_closed_; });
  if (lines_.empty())
    return std::nullopt;
  auto line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

void child_process::signal(int sig) {
  if (pid_ > 0)
    ::kill(pid_, sig);
}

bool child_process::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (is_running()) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

void child_process::terminate(std::chrono::milliseconds patience) {
  if (!is_running())
    return;
  signal(SIGTERM);
  if (wait(patience))
    return;
  signal(SIGKILL);
  wait(std::chrono::seconds{10});
}

bool child_process::is_running() {
  if (pid_ <= 0)
    return false;
  int status = 0;
  auto reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == 0)
    return true;
  if (reaped == pid_)
    exit_status_ = status;
  pid_ = -1;
  return false;
}

} // namespace eddy::test
