#include "spawn/no_fork.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>

namespace spawnsh::spawn {
namespace {

#if defined(__x86_64__)
constexpr unsigned kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kArch = AUDIT_ARCH_AARCH64;
#else
constexpr unsigned kArch = 0;
#endif

constexpr unsigned kNoSyscall = ~0u;  // a number that matches nothing
#ifdef SYS_fork
constexpr unsigned kFork = SYS_fork;
#else
constexpr unsigned kFork = kNoSyscall;  // aarch64 has none: fork is clone there
#endif
#ifdef SYS_clone3
constexpr unsigned kClone3 = SYS_clone3;
#else
constexpr unsigned kClone3 = kNoSyscall;
#endif

constexpr unsigned kDeny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
constexpr unsigned kNoClone3 = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);

}  // namespace

int forbid_fork() noexcept {
  if (kArch == 0) return EINVAL;
  constexpr unsigned kArchOffset = offsetof(seccomp_data, arch);
  constexpr unsigned kNrOffset = offsetof(seccomp_data, nr);
  // clone's flags are its first argument on both architectures; the low 32 bits hold CLONE_VM.
  constexpr unsigned kFlagsOffset = offsetof(seccomp_data, args[0]);
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArchOffset),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNrOffset),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kFork, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, kDeny),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kClone3, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, kNoClone3),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kFlagsOffset),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_VM, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, kDeny),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) return errno;
  return 0;
}

}  // namespace spawnsh::spawn
