// Starts a child (spawn_child) and reads its output with poll, so that no
// step waits on it longer than its timeout.
#include "bench/common/child_program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "bench/common/bench_failure.hpp"
#include "bench/common/spawn_child.hpp"

namespace eddy::bench {

namespace {

using std::chrono::milliseconds;
using clock = std::chrono::steady_clock;

/// How long a child may take to exit after SIGTERM before it gets SIGKILL.
constexpr milliseconds stop_grace{10'000};

/// How much of a child's output a failure quotes.
constexpr size_t quoted_output_bytes = 2000;

void close_all(std::initializer_list<int> fds) {
  for (int fd : fds)
    if (fd >= 0)
      ::close(fd);
}

milliseconds until(clock::time_point deadline) {
  return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(
                                       deadline - clock::now()));
}

std::string quoted(const std::string& output) {
  if (output.empty())
    return " (it printed nothing)";
  return "; it printed:\n" +
         (output.size() > quoted_output_bytes
              ? output.substr(output.size() - quoted_output_bytes)
              : output);
}

} // namespace

child_program::child_program(const std::string& program,
                             const std::vector<std::string>& args)
    : program_(program) {
  std::vector<std::string> argv{program};
  argv.insert(argv.end(), args.begin(), args.end());
  int output[2] = {-1, -1};
  if (::pipe2(output, O_CLOEXEC) != 0)
    throw bench_failure{"cannot start " + program +
                        ": pipe: " + std::strerror(errno)};
  pid_t pid = -1;
  try {
    pid = spawn_child(argv, output[1], output[1]);
  } catch (...) {
    close_all({output[0], output[1]});
    throw;
  }
  ::close(output[1]);
  pid_ = pid;
  output_ = output[0];
}

child_program::~child_program() {
  stop();
  close_all({output_});
}

std::string child_program::read_line(milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  for (;;) {
    if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
      auto line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    if (is_output_closed_)
      throw bench_failure{program_ + " ended before it printed a line" +
                          quoted(buffer_)};
    if (clock::now() >= deadline)
      throw bench_failure{program_ + " printed no line within " +
                          std::to_string(timeout.count()) + " ms" +
                          quoted(buffer_)};
    read_some(until(deadline));
  }
}

finished_program child_program::finish(milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  while (read_some(until(deadline)))
    if (clock::now() >= deadline) {
      stop();
      throw bench_failure{program_ + " did not finish within " +
                          std::to_string(timeout.count()) + " ms" +
                          quoted(buffer_)};
    }
  // Its output ended: it exited or is about to.
  auto code = reap_child(pid_, until(deadline) + stop_grace);
  if (!code) {
    stop();
    throw bench_failure{program_ + " closed its output but did not exit" +
                        quoted(buffer_)};
  }
  pid_ = -1;
  return {*code, std::exchange(buffer_, {})};
}

bool child_program::read_some(milliseconds timeout) {
  if (is_output_closed_)
    return false;
  pollfd fd{output_, POLLIN, 0};
  auto ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready <= 0)
    return true; // nothing yet (or EINTR): the caller checks its deadline
  char chunk[4096];
  ssize_t got = 0;
  do {
    got = ::read(output_, chunk, sizeof chunk);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) {
    is_output_closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<size_t>(got));
  return true;
}

void child_program::stop() {
  if (pid_ <= 0)
    return;
  stop_child(pid_, stop_grace);
  pid_ = -1;
}

} // namespace eddy::bench
