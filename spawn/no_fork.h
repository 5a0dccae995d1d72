// No-fork mode, proven: a seccomp filter that makes every way of copying the process fail.
#pragma once

namespace spawnsh::spawn {

// Installs (for this process and everything it starts, irrevocably) a seccomp BPF filter under
// which fork, and clone without CLONE_VM, fail with EPERM, and clone3 with ENOSYS (its flags
// are behind a pointer the filter cannot read; glibc then uses clone). vfork, posix_spawn and
// clone(CLONE_VM) still work. Sets PR_SET_NO_NEW_PRIVS first, as an unprivileged filter needs.
// Returns 0, or the errno of the failure (EINVAL on an architecture it does not know).
int forbid_fork() noexcept;

}  // namespace spawnsh::spawn
