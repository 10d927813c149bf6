// The dev Kafka cluster (eddy-devkafka, librdkafka's mock cluster) as a
// child process: started with its topics on a free port, its bootstrap
// servers read from the line it prints, stopped with it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace eddy::bench {

struct cluster_topic {
  std::string name;
  int partitions = 1;
};

class dev_cluster {
public:
  /// Starts `program` with `topics` on free ports, its stderr appended to
  /// `log`; it dies with this process. Returns once it printed its
  /// bootstrap servers. Throws bench_failure if it cannot start or does not
  /// print them within 10 s.
  dev_cluster(const std::string& program,
              const std::vector<cluster_topic>& topics, const std::string& log);

  /// Stops it (SIGTERM, SIGKILL after 5 s); its data is gone.
  ~dev_cluster();

  dev_cluster(const dev_cluster&) = delete;
  dev_cluster& operator=(const dev_cluster&) = delete;

  /// The eddy-devkafka program in this program's directory (what
  /// --devkafka defaults to). Throws bench_failure if this program's path
  /// is unknown.
  static std::string next_to_this_program();

  /// Its process id, e.g. to read its CPU time from /proc.
  pid_t pid() const noexcept { return pid_; }

  /// "127.0.0.1:PORT", for `bootstrap.servers`.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }

private:
  /// The first line it prints on stdout, within the deadline.
  std::string read_first_line();

  /// SIGTERM, SIGKILL after 5 s; reaps it. Idempotent.
  void stop();

  pid_t pid_ = -1;
  int stdout_ = -1;
  std::string log_;
  std::string bootstrap_servers_;
};

} // namespace eddy::bench
