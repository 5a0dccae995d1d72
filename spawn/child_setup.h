// The child side of fork, vfork and clone: everything that runs between process creation and
// execve.
//
// SAFETY: this code runs in a vfork or clone(CLONE_VM) child that shares the parent's memory,
// stack pages above its own frame, and thread-local storage (errno included). Only
// async-signal-safe system-call wrappers may be called here: sigaction, sigprocmask, setpgid,
// tcsetpgrp, open, dup2, fcntl, close, execve, write, _exit. No allocation, no exceptions, no
// locks, no stdio, no logging, no C++ library calls that might do any of these. The only write
// to parent memory is the failure report. The plan is read, never written.
#pragma once

#include "spawn/spawn.h"

namespace spawnsh::spawn::detail {

// How the child tells the parent why it did not reach execve.
struct ChildReport {
  volatile SpawnError* shared = nullptr;  // vfork/clone: written in place (memory is shared)
  int pipe_fd = -1;                       // fork: written to this CLOEXEC pipe
  const char* message = nullptr;          // neither: "message: strerror" to stderr (shell code)
};

// Sets up the child as `plan` says and execs it; on failure reports and exits 126/127.
[[noreturn]] void exec_child(const ExecPlan& plan, ChildReport report) noexcept;

// What both kinds of child do first: join the process group, take the terminal, apply the fd
// actions in order. On failure reports and exits (2 for an fd action, as for a program).
void set_up_child(const ProcessGroup& group, int terminal_fd, std::span<const FdAction> actions,
                  const ChildReport& report) noexcept;

// The exit status a child uses when it could not exec (what a shell reports as $?).
int failure_exit_status(const SpawnError& error) noexcept;

// Every signal blocked: the parent's state for the few instructions around process creation,
// so that no handler of the parent ever runs in a child sharing its memory, and a SIGCHLD that
// arrives mid-fork does not make the kernel redo the copy. Inactive (`active` false) it does
// nothing: see must_block_signals.
class BlockAllSignals {
 public:
  explicit BlockAllSignals(bool active = true) noexcept;
  ~BlockAllSignals();
  // The caller's mask, which the destructor puts back (a child that never returns from its
  // scope sets it itself).
  const sigset_t& saved_mask() const noexcept { return saved_; }
  BlockAllSignals(const BlockAllSignals&) = delete;
  BlockAllSignals& operator=(const BlockAllSignals&) = delete;

 private:
  sigset_t saved_;
  bool active_;
};

// Whether a child that shares the parent's memory (vfork, clone) must be made with every signal
// blocked. Not when the shell has changed no disposition and the child takes no terminal:
// every signal then has its default action or was ignored when the shell started, and with
// those no code of the parent runs on delivery. A signal that reaches the child before its
// exec then acts on the child alone, as it would a moment later on the program (and SIGCHLD at
// its default is discarded, never pending). Two system calls per spawn, about 1 us each here.
bool must_block_signals(const ExecPlan& plan) noexcept;

}  // namespace spawnsh::spawn::detail
