// The memory of this process or of a child, as the kernel counts it in
// /proc/PID/status: what the memory figures read.
#pragma once

#include <sys/types.h>

#include <string>

namespace eddy::bench {

/// Field `field` of /proc/`pid`/status ("VmRSS", resident; "VmHWM", its
/// peak), in bytes. Throws bench_failure if the process has no such field
/// (e.g. it exited).
double status_bytes(pid_t pid, const std::string& field);

/// This process's resident memory (VmRSS), in bytes.
double resident_bytes();

} // namespace eddy::bench
