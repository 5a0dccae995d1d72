// Where the running spawnsh lives: a script the kernel will not run (ENOEXEC) is given to a new
// spawnsh, and the emulated backend will start one for each shell-code child.
#pragma once

#include <string>

namespace spawnsh::spawn {

// The path of this executable (Linux: /proc/self/exe, read once), or "/bin/sh" if unknown.
const std::string& self_executable();

// The same path read now, with no fallback: empty, and `error` set to the errno, when it cannot
// be read (no /proc in an early initramfs or a chroot). `spawnsh --install` must not guess.
std::string read_self_executable(int& error);

}  // namespace spawnsh::spawn
