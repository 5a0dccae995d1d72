#include "spawn/wait.h"

#include <algorithm>
#include <cerrno>
#include <sys/wait.h>

#include "spawn/backends.h"

namespace spawnsh::spawn {
namespace {
std::chrono::microseconds to_micros(const timeval& tv) noexcept {
  return std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}
}  // namespace

const int kWaitNoHang = WNOHANG;
const int kWaitUntraced = WUNTRACED;
const int kWaitContinued = WCONTINUED;

WaitStatus WaitStatus::from_wait(int raw) noexcept {
  if (WIFEXITED(raw)) return exited(WEXITSTATUS(raw));
  if (WIFSIGNALED(raw)) return signaled(WTERMSIG(raw), WCOREDUMP(raw));
  if (WIFSTOPPED(raw)) return stopped(WSTOPSIG(raw));
  return WaitStatus(Kind::Continued, SIGCONT);
}

ResourceUsage ResourceUsage::from(const struct rusage& ru) noexcept {
  ResourceUsage u;
  u.user = to_micros(ru.ru_utime);
  u.system = to_micros(ru.ru_stime);
  u.max_rss_kib = ru.ru_maxrss;
  u.minor_faults = ru.ru_minflt;
  u.major_faults = ru.ru_majflt;
  u.voluntary_switches = ru.ru_nvcsw;
  u.involuntary_switches = ru.ru_nivcsw;
  u.block_inputs = ru.ru_inblock;
  u.block_outputs = ru.ru_oublock;
  return u;
}

ResourceUsage& ResourceUsage::operator+=(const ResourceUsage& o) noexcept {
  user += o.user;
  system += o.system;
  max_rss_kib = std::max(max_rss_kib, o.max_rss_kib);
  minor_faults += o.minor_faults;
  major_faults += o.major_faults;
  voluntary_switches += o.voluntary_switches;
  involuntary_switches += o.involuntary_switches;
  block_inputs += o.block_inputs;
  block_outputs += o.block_outputs;
  return *this;
}

bool reap(pid_t which, int options, Reaped& out, bool interruptible) noexcept {
  int raw = 0;
  struct rusage ru {};
  pid_t pid;
  do pid = ::wait4(which, &raw, options, &ru);
  while (pid < 0 && errno == EINTR && !interruptible);
  if (pid < 0) return false;
  out.pid = pid;
  if (pid > 0) {
    out.status = WaitStatus::from_wait(raw);
    out.usage = ResourceUsage::from(ru);
  }
  return true;
}

namespace detail {
void reap_failed_child(pid_t pid) noexcept {
  Reaped ignored;
  reap(pid, 0, ignored);
}
}  // namespace detail

}  // namespace spawnsh::spawn
