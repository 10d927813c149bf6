// The CPU time of each thread of a process, to tell which one bounds a rate:
// a thread that was busy all along is the serial path (e.g. a Kafka
// source's parsing thread, or librdkafka's broker thread).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace eddy::bench {

/// One thread's name (its comm, e.g. "rdk:broker1") and CPU seconds.
struct thread_cpu {
  std::string name;
  double seconds = 0;
};

/// The threads of process `pid` by thread id, with the CPU seconds each
/// used so far (from /proc/PID/task); empty if the process is gone.
std::map<pid_t, thread_cpu> thread_cpu_seconds(pid_t pid);

/// The thread that used the most CPU from `before` to `after` (two
/// readings of the same process), with what it used in between; a thread
/// that started in between counts from 0. Empty name if there is none.
thread_cpu busiest_thread(const std::map<pid_t, thread_cpu>& before,
                          const std::map<pid_t, thread_cpu>& after);

} // namespace eddy::bench
