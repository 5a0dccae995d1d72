// The signals an interactive shell watches while it waits at a prompt, shared by both line
// editors (GNU Readline's source and spawnsh's own, line_editor.cpp): SIGINT (the typed line is
// dropped), SIGWINCH (the width is read again), SIGCHLD (set -b: a job's notice now) and SIGHUP
// (the terminal is gone: the shell leaves through its usual exit, so the EXIT trap runs and the
// history is saved, as in bash). For the time of one read they are blocked except inside the
// ppoll that waits for a key (`during_wait`), so none can slip in between the check of its flag
// and the wait. An ignored SIGINT (trap '' INT) stays ignored: Ctrl-C then does nothing, as in
// bash; a trapped or ignored SIGHUP keeps its way. A trap's handler for SIGINT or SIGCHLD is
// called too, so the trap still runs.
#pragma once

#include <csignal>
#include <sys/types.h>

namespace spawnsh {

// Set by the handlers; the reader clears them.
extern volatile sig_atomic_t g_prompt_interrupted;
extern volatile sig_atomic_t g_prompt_resized;
extern volatile sig_atomic_t g_prompt_hung_up;
extern volatile sig_atomic_t g_prompt_child_changed;

class PromptSignals {
 public:
  PromptSignals();
  ~PromptSignals();
  PromptSignals(const PromptSignals&) = delete;
  PromptSignals& operator=(const PromptSignals&) = delete;

  // A SIGHUP raised while a key was handled waits, blocked: take it now, before the default
  // action comes back and would kill the shell without saving its history.
  bool take_pending_hang_up();

  // The mask while waiting for a key: the watched signals unblocked.
  sigset_t during_wait;

 private:
  sigset_t before_;
  bool watch_interrupt_ = false;
  bool watch_hang_up_ = false;
  struct sigaction saved_resize_ {}, saved_hang_up_ {};
};

// Lets the signals that came while a key was handled in now, under `during_wait` (a
// PromptSignals' mask; their handlers set the flags above). A ppoll that finds a key ready
// returns without delivering a pending signal, so while keys keep coming a ^C or a resize would
// wait behind them: each reader calls this before it looks at the flags. A free function taking
// the mask, because Readline calls its key reader as a plain function with no PromptSignals.
void deliver_pending_signals(const sigset_t& during_wait);

// One byte of `fd` if one is there, without waiting: 1, 0 at the end, or -1 with errno (EAGAIN:
// none after all). The bytes ppoll saw may be gone when read runs (a Ctrl-C flushes the
// input), and a read that waited would wait with the prompt's signals blocked. O_NONBLOCK is
// set for this one read only: on a terminal fds 0-2 are usually one open file, and a
// non-blocking stdout would make every writer to the terminal meanwhile (the editor itself, a
// background job) fail with EAGAIN.
ssize_t read_byte_now(int fd, unsigned char& byte);

}  // namespace spawnsh
