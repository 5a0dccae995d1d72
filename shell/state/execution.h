// Where the running code stands: loops, function calls, how control is leaving a command, a
// pending exit. A child starts its own (a subshell's `break` does not leave the parent's loop),
// so none of it is written to a snapshot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shell/locals.h"

namespace spawnsh {

namespace syntax {
struct SimpleCommand;
}

// How control leaves a command other than by finishing: break, continue and return travel as
// this state, checked by the loops and function calls they unwind (not as exceptions).
enum class Flow : unsigned char { Normal, Break, Continue, Return };

struct ExecutionContext {
  Flow flow = Flow::Normal;
  int flow_levels = 0;                   // break/continue N: loops still to unwind
  int loop_depth = 0;
  int errexit_suppressed = 0;            // > 0 while running a condition: set -e is off
  int function_depth = 0;
  std::vector<LocalScope> local_scopes;  // one per function call being run, innermost last

  int substitution_status = -1;          // of the last $( ) since a command began, or -1
  // A pending exit (request_exit): every list and the command loop unwind, and the shell (or
  // the child) leaves with exit_status, which means nothing while exit_requested is false.
  bool exit_requested = false;
  int exit_status = 0;

  bool in_subshell = false;              // a child running shell code
  // In a child running shell code: the simple command its body runs last, if there is one
  // (shell/exec/exec_tail.h). A program run there replaces the child (exec, as dash's
  // EV_EXIT) instead of being spawned and waited for: no process left between the parent and
  // the program, which a signal to $! then reaches.
  const syntax::SimpleCommand* exec_tail = nullptr;
  // Virtual subshells (shell/exec/virtual_subshell.h) being run in this process: while > 0,
  // trap actions wait (the subshell's traps are reset; the parent runs its own afterwards).
  int virtual_subshells = 0;
  // Where builtins' standard output goes while a $( ) runs in this process: appended here
  // instead of written to fd 1 (builtins/output.h). Null otherwise, and in every child.
  std::string* stdout_capture = nullptr;
  // SIGPIPE is blocked while a virtual subshell runs: a builtin's write to a reader gone then
  // fails with EPIPE and ends the subshell as the signal would have ended a child
  // (builtins/output.h).
  bool sigpipe_held = false;
  bool dump_ast = false;                 // --dump-ast: print each command's tree, run nothing

  // Leave with `status`: `exit`, an error that ends a non-interactive shell (XCU 2.8.1),
  // set -e, `return` outside a function, a hang-up. The EXIT trap still runs on the way out (and
  // may change the status). A later request replaces the status; a place that must keep an
  // earlier one tests exit_requested first.
  void request_exit(int status) {
    exit_requested = true;
    exit_status = status;
  }
  // Cancels the pending exit, for code that decides what happens after it (the EXIT trap, the
  // compare mode): its status, or nullopt when none was pending.
  std::optional<int> take_exit_request() {
    if (!exit_requested) return std::nullopt;
    exit_requested = false;
    return exit_status;
  }
};

}  // namespace spawnsh
