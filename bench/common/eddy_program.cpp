// Starts the eddy program with fork/exec and watches its log.
#include "bench/common/eddy_program.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "bench/common/bench_failure.hpp"
#include "bench/common/program_path.hpp"
#include "bench/common/spawn_child.hpp"
#include "bench/common/wait_until.hpp"

namespace eddy::bench {

namespace {

constexpr std::string_view url_prefix =
    "eddy: dashboard and API at http://127.0.0.1:";

/// How much of the log a failure quotes.
constexpr size_t quoted_log_bytes = 2000;

} // namespace

eddy_program::eddy_program(const std::string& program,
                           const setting_list& settings, std::string log)
    : log_(std::move(log)) {
  std::vector<std::string> args{program};
  for (auto& [key, value] : settings)
    args.insert(args.end(), {"--set", key + "=" + value});
  args.insert(args.end(), {"--set", "http.port=0"});
  int out =
      ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0)
    throw bench_failure{"cannot open " + log_ + ": " + std::strerror(errno)};
  // Earlier processes wrote to the same log: only what follows is ours.
  log_start_ = ::lseek(out, 0, SEEK_END);
  try {
    pid_ = spawn_child(args, out, out);
  } catch (...) {
    ::close(out);
    throw;
  }
  ::close(out);
}

eddy_program::~eddy_program() {
  if (has_exited())
    return;
  ::kill(pid_, SIGTERM);
  try {
    wait_until([this] { return has_exited(); }, "eddy stopped",
               std::chrono::minutes{1}, std::chrono::milliseconds{10});
  } catch (const bench_failure&) {
    kill();
  }
}

uint16_t eddy_program::await_url() {
  uint16_t port = 0;
  wait_until(
      [&] {
        std::ifstream in{log_};
        in.seekg(log_start_);
        for (std::string line; std::getline(in, line);)
          if (line.starts_with(url_prefix))
            port = static_cast<uint16_t>(
                std::stoi(line.substr(url_prefix.size())));
        if (port == 0 && has_exited())
          throw bench_failure{"eddy exited before it served; its log (" + log_ +
                              ") ends:\n" + log_tail()};
        return port != 0;
      },
      "eddy printed its URL");
  return port;
}

void eddy_program::kill() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void eddy_program::stop() {
  if (has_exited())
    return;
  ::kill(pid_, SIGTERM);
  wait_until([this] { return has_exited(); }, "eddy stopped after SIGTERM");
}

bool eddy_program::has_exited() {
  if (pid_ <= 0)
    return true;
  if (::waitpid(pid_, nullptr, WNOHANG) == 0)
    return false;
  pid_ = -1;
  return true;
}

std::string eddy_program::log_tail() const {
  std::ifstream in{log_};
  std::stringstream all;
  all << in.rdbuf();
  auto text = all.str();
  return text.size() > quoted_log_bytes
             ? text.substr(text.size() - quoted_log_bytes)
             : text;
}

std::string eddy_next_to_this_program() {
  return program_next_to_this("eddy");
}

} // namespace eddy::bench
