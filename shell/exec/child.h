// The one way shell code runs in a child (a subshell, a $( ), a builtin, function or compound
// command in a pipeline, a background list): the parent describes the child's fds, group and
// signals, the Launcher makes it (a ShellCodeRequest, counted and chosen like a program), and
// the child side below (become_subshell, the body, errors caught, exit_child) is written once.
#pragma once

#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

#include "shell/exec/continuation.h"
#include "spawn/spawn.h"
#include "spawn/timing.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

struct ChildSetup {
  std::span<const spawn::FdAction> fd_actions;  // pipe ends and the like, applied in order
  spawn::ProcessGroup group;
  int terminal_fd = -1;
  // An asynchronous list without job control: SIGINT and SIGQUIT ignored as if inherited, so
  // neither the child nor its programs nor `trap` can undo it (XCU 2.11). Standard input from
  // /dev/null is an fd action the caller adds (it is not wanted when a pipe feeds it).
  bool ignore_interrupts = false;
  // The same work as the ChildBody, as a node of the tree: what the emulated backend hands to
  // the new process. None: a copy of the process (fork) is the only way to run it.
  Continuation continuation;
};

// What the child runs: a callable taking the child's Shell and returning its status, not
// owned (it lives in the caller's frame, which the child has a copy of).
class ChildBody {
 public:
  template <typename F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, ChildBody>)
  ChildBody(F&& body) noexcept  // NOLINT: implicit, like a function_ref
      : object_(const_cast<void*>(static_cast<const void*>(&body))),
        call_([](void* object, Shell& shell) {
          return (*static_cast<std::remove_reference_t<F>*>(object))(shell);
        }) {}
  int operator()(Shell& shell) const { return call_(object_, shell); }

 private:
  void* object_;
  int (*call_)(void*, Shell&);
};

// Starts `body` in a child as `setup` says; fills in the record's pid, backend and start time.
// Prints the error and returns false when no child could be made.
bool run_in_child(Shell& shell, const ChildSetup& setup, ChildBody body,
                  spawn::ProcessRecord& record);

// Runs a subshell's body and gives its status (0-255), the same in a child and in a subshell
// run without one (virtual_subshell.*): an error ends the body with its status, `exit` and
// `set -e` with theirs.
int subshell_status(Shell& shell, ChildBody body);

// The child side once the child has the shell's state (a fork's copy, or a fresh process that
// read a snapshot): becomes a subshell, applies `ignore_interrupts`, runs `body`, catches what
// it throws, runs the EXIT trap and ends the process with the status. `tail`: the simple
// command the body runs last, which may exec in the child's place (exec_tail.h), or null.
[[noreturn]] void finish_shell_child(Shell& shell, bool ignore_interrupts, ChildBody body,
                                     const syntax::SimpleCommand* tail) noexcept;

// The fd actions of a pipeline element that runs shell code: `in` onto 0 and `out` onto 1
// (-1: leave it), then the pipe ends closed, and `other_end` (the next element's read end) too:
// a child that kept it would hold its own pipe open.
void append_pipe_actions(std::vector<spawn::FdAction>& actions, int in, int out, int other_end);

// The fd actions of a child whose stdout is the write end of `fds` (a pipe2 pair: `$( )` and
// its virtual form's program tail): that end onto 1, neither end left open otherwise (an end
// that is already fd 1 only loses close-on-exec). No allocation.
struct StdoutToPipe {
  spawn::FdAction actions[3];
  std::size_t count = 0;
  std::span<const spawn::FdAction> span() const noexcept { return {actions, count}; }
};
StdoutToPipe stdout_to_pipe(const int (&fds)[2]) noexcept;

}  // namespace spawnsh::exec
