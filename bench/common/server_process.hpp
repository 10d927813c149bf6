// What the launchers of our own database servers (ClickHouse, InfluxDB,
// PostgreSQL) share: starting on free 127.0.0.1 ports, again on new ones
// when another process took one first; waiting until the server answers;
// stopping it by its PID; restarting it on the same ports and data.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

/// The base of each launcher. A launcher says how to configure, run and
/// probe its server by overriding the private hooks, and calls
/// start_on_free_ports() at the end of its own constructor: calls from this
/// base's constructor would not reach its overrides yet.
class server_process {
public:
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  /// Its process id; -1 while it is stopped.
  pid_t pid() const noexcept { return pid_; }

  /// Stops the server and starts it again on the same ports and data.
  /// Throws bench_failure with the server's log if it does not answer
  /// within 30 s (the ports are its own, so there is no other set to try).
  /// Call it from a thread that outlives the server: the child is killed
  /// when the thread that started it exits.
  void restart();

  /// Stops by its PID: the stop signal, SIGKILL if it has not exited after
  /// 30 s. Idempotent.
  void stop();

  /// What the server wrote to its log files, all its runs.
  std::string log() const;

protected:
  /// What tells one server from another to the shared machinery.
  struct launch_settings {
    /// The program in failures ("influxd").
    std::string name;
    /// Files in the directory that log() quotes, in order; the first gets
    /// the program's stdout and stderr.
    std::vector<std::string> log_files;
    /// How many distinct free ports each start takes; the first is the one
    /// clients use.
    std::size_t port_count = 1;
    /// What asks the server to exit.
    int stop_signal = SIGTERM;
  };

  /// `dir` must exist and outlive the server.
  server_process(std::string dir, launch_settings launch);

  /// Stops the server by its PID. The derived launcher's members, its
  /// client among them, are destroyed before this runs, so no connection
  /// holds up the shutdown. Virtual: the tests' servers derive from the
  /// launchers in turn.
  virtual ~server_process();

  /// Takes new free ports, writes the configuration, starts the server and
  /// waits until it answers. Throws bench_failure (a std::runtime_error)
  /// with the server's log if it does not within 30 s, after trying three
  /// sets of ports.
  void start_on_free_ports();

  const std::string& dir() const noexcept { return dir_; }

  /// The ports of the current start; the first is the clients'.
  const std::vector<uint16_t>& ports() const noexcept { return ports_; }

  /// A client made by `Client::make(Options)` for `url` that gives up
  /// connecting after 1 s, so that polling a server that is still starting
  /// stays quick. Throws bench_failure if `url` is not one it takes.
  template <class Client, class Options>
  static Client quick_client(std::string url) {
    Options opts;
    opts.url = std::move(url);
    opts.connect_timeout = std::chrono::seconds{1};
    auto client = Client::make(std::move(opts));
    if (!client)
      throw bench_failure{describe(client.error())};
    return std::move(*client);
  }

private:
  /// Writes what the server reads at start-up naming ports(); a server that
  /// takes its ports on the command line needs nothing.
  virtual void write_config() const {}

  /// The program and its arguments.
  virtual std::vector<std::string> command_line() const = 0;

  /// Makes the client that is_ready() and the launcher's queries use.
  virtual void connect() = 0;

  /// Whether the server answers the client yet.
  virtual bool is_ready() = 0;

  /// Closes the client.
  virtual void disconnect() noexcept = 0;

  void start();
  void stop_by_pid();
  bool is_running();

  std::string dir_;
  launch_settings launch_;
  std::vector<uint16_t> ports_;
  pid_t pid_ = -1;
};

} // namespace eddy::bench
