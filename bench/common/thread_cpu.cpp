// Reads /proc/PID/task/*/stat and comm.
#include "bench/common/thread_cpu.hpp"

#include <filesystem>
#include <fstream>

#include "bench/common/cpu_time.hpp"

namespace eddy::bench {

std::map<pid_t, thread_cpu> thread_cpu_seconds(pid_t pid) {
  std::map<pid_t, thread_cpu> threads;
  std::error_code err; // a process or thread that is gone is just left out
  for (auto& task : std::filesystem::directory_iterator{
           "/proc/" + std::to_string(pid) + "/task", err}) {
    auto dir = task.path().string();
    thread_cpu cpu;
    std::ifstream comm{dir + "/comm"};
    std::getline(comm, cpu.name);
    cpu.seconds = stat_cpu_seconds(dir + "/stat");
    if (cpu.seconds >= 0)
      threads[static_cast<pid_t>(std::stoi(task.path().filename()))] = cpu;
  }
  return threads;
}

thread_cpu busiest_thread(const std::map<pid_t, thread_cpu>& before,
                          const std::map<pid_t, thread_cpu>& after) {
  thread_cpu busiest;
  for (auto& [tid, now] : after) {
    auto then = before.find(tid);
    auto used = now.seconds - (then == before.end() ? 0 : then->second.seconds);
    if (busiest.name.empty() || used > busiest.seconds)
      busiest = {now.name, used};
  }
  return busiest;
}

} // namespace eddy::bench
