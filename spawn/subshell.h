// The end of a child that ran shell code (see ShellCodeRequest in spawn.h).
#pragma once

namespace spawnsh::spawn {

// Leaves a child that ran shell code, without running the parent's atexit handlers or flushing
// stdio buffers it inherited.
[[noreturn]] void exit_shell_child(int status) noexcept;

}  // namespace spawnsh::spawn
