// Both ends of the emulated backend on the shell's side. The parent writes its state (the
// snapshot, shell/snapshot.h) and the continuation (the child's piece of the program as text,
// shell/syntax/unparse.h, with what a subshell keeps of the execution context) into the
// request; the fresh process, started at the hidden entry (spawn::kEmulatedChildArg0), reads
// them back and runs the piece as a subshell would.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "spawn/spawn.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

struct ChildSetup;

namespace image_channel {
struct Pending;
}

// The fd holding one request's state (or the child's end of the image channel's socket), and
// the image hand-over still to do; closed when the launch is over.
struct EmulatedState {
  int fd = -1;
  std::unique_ptr<image_channel::Pending> image;
  EmulatedState();
  EmulatedState(const EmulatedState&) = delete;
  EmulatedState& operator=(const EmulatedState&) = delete;
  ~EmulatedState();
};

// Fills in `request` for the emulated backend (state, environment, signal set-up). A piece of
// work it cannot describe (no continuation, a function without text) leaves the request to
// fork, which the Launcher reports as a fallback; in no-fork mode that is an error, printed,
// and the result is false.
bool prepare_emulated_state(Shell& shell, const ChildSetup& setup, EmulatedState& state,
                            spawn::ShellCodeRequest& request);

// After the launch (`child`: its pid, or -1 when it failed): an image still to hand over is
// handed over now (shell/exec/emulated_image.h).
void finish_emulated_launch(EmulatedState& state, pid_t child);

// The hidden entry: `shell` is fresh from start-up with its builtins; `fd_argument` the number
// of the fd with the state. Never returns: the continuation's status ends the process, and a
// state that cannot be read ends it with status 2 and a message.
[[noreturn]] void run_emulated_child(Shell& shell, std::string_view fd_argument);

}  // namespace spawnsh::exec
