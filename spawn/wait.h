// Reaping: every child is collected with wait4(), and its resource usage kept with its status.
#pragma once

#include <chrono>
#include <sys/resource.h>
#include <sys/types.h>

namespace spawnsh::spawn {

// A child's wait status as a value: exited with a code, killed by a signal, stopped or continued.
class WaitStatus {
 public:
  enum class Kind : unsigned char { Exited, Signaled, Stopped, Continued };

  static WaitStatus from_wait(int raw) noexcept;
  static constexpr WaitStatus exited(int code) noexcept { return {Kind::Exited, code & 0xff}; }
  static constexpr WaitStatus signaled(int sig, bool core = false) noexcept {
    return {Kind::Signaled, sig, core};
  }
  static constexpr WaitStatus stopped(int sig) noexcept { return {Kind::Stopped, sig}; }

  constexpr Kind kind() const noexcept { return kind_; }
  constexpr bool is_exited() const noexcept { return kind_ == Kind::Exited; }
  constexpr bool is_signaled() const noexcept { return kind_ == Kind::Signaled; }
  constexpr bool is_stopped() const noexcept { return kind_ == Kind::Stopped; }
  constexpr int exit_code() const noexcept { return is_exited() ? value_ : -1; }
  constexpr int signal() const noexcept { return is_exited() ? 0 : value_; }
  constexpr bool core_dumped() const noexcept { return core_; }
  // What the shell puts in $?: the exit code, or 128 + the signal number.
  constexpr int shell_status() const noexcept { return is_exited() ? value_ : 128 + value_; }

  constexpr bool operator==(const WaitStatus&) const noexcept = default;

 private:
  constexpr WaitStatus(Kind k, int v, bool core = false) noexcept : kind_(k), core_(core), value_(v) {}
  Kind kind_;
  bool core_;
  int value_;
};

// The parts of struct rusage a shell reports.
struct ResourceUsage {
  std::chrono::microseconds user{0};
  std::chrono::microseconds system{0};
  // On Linux a child's ru_maxrss includes the parent's resident high-water mark at the moment of
  // the fork/vfork/clone/posix_spawn (the kernel copies it into the child), whatever the backend.
  long max_rss_kib = 0;
  long minor_faults = 0;
  long major_faults = 0;
  long voluntary_switches = 0;
  long involuntary_switches = 0;
  long block_inputs = 0;   // ru_inblock: reads the file system had to do
  long block_outputs = 0;  // ru_oublock

  static ResourceUsage from(const struct rusage& ru) noexcept;
  ResourceUsage& operator+=(const ResourceUsage& other) noexcept;
};

struct Reaped {
  pid_t pid = 0;  // > 0: a child changed state; 0: WNOHANG and nothing to report
  WaitStatus status = WaitStatus::exited(0);
  ResourceUsage usage;
};

// Options for reap(), so that callers need not include <sys/wait.h> (only spawn/ does).
extern const int kWaitNoHang;     // WNOHANG: return 0 at once if no child has changed state
extern const int kWaitUntraced;   // WUNTRACED: report stopped children too
extern const int kWaitContinued;  // WCONTINUED: report children continued by SIGCONT

// wait4(which, ..., options, &rusage). which: a pid, -pgid, or -1 for any. Retried on EINTR
// unless `interruptible` (the wait builtin returns early for a trapped signal). Returns false
// with errno set on failure (ECHILD: nothing left to wait for; EINTR).
bool reap(pid_t which, int options, Reaped& out, bool interruptible = false) noexcept;

}  // namespace spawnsh::spawn
