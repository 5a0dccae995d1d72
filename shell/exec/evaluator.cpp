// Lists, and-or lists and compound commands. Simple commands are in simple_command.cpp,
// pipelines and background jobs in pipeline.cpp.
#include "shell/exec/evaluator.h"
#include "shell/exec/exec_tail.h"

#include <cstring>

#include "shell/errors.h"
#include "shell/exec/child.h"
#include "shell/exec/command_substitution.h"
#include "shell/exec/location.h"
#include "shell/exec/redirect.h"
#include "shell/exec/trap_runner.h"
#include "shell/exec/virtual_subshell.h"
#include "shell/expand/expand.h"
#include "shell/expand/pattern.h"
#include "shell/interrupt.h"
#include "shell/shell.h"
#include "shell/jobs/waiter.h"
#include "spawn/subshell.h"

namespace spawnsh::exec {
namespace {

// Expansion reaches command substitution through a hook (expand/ must not depend on exec/).
// Installed when the program starts: this file is in every program that runs commands (the
// command loop calls execute), and the hook is a plain pointer, constant-initialised, so the
// order of static initialisation cannot matter.
[[maybe_unused]] const bool substitution_installed =
    (expand::set_command_substitution_runner(&command_substitution), true);

// Anything that stops the commands of a list from going on: exit, break, continue, return.
bool unwinding(const Shell& shell) { return shell.exit_requested || shell.flow != Flow::Normal; }

// `set -e`: a failed command ends the shell, except where POSIX says its status is being tested.
void check_errexit(Shell& shell, int status) {
  if (status != 0 && shell.options.get(Option::ErrExit) && shell.errexit_suppressed == 0 &&
      !shell.exit_requested) {
    shell.request_exit(status);
  }
}

// set -e looks at the status of simple commands, pipelines and subshells; a brace group, if,
// loop or case only passes on the status of a command inside it, which was judged there (and may
// have been exempt, as `false && true` is).
bool errexit_applies_to(const syntax::Pipeline& pipeline) {
  if (pipeline.commands.size() != 1) return true;
  const auto& value = pipeline.commands[0].value;
  return std::holds_alternative<syntax::SimpleCommand>(value) ||
         std::holds_alternative<syntax::Subshell>(value);
}

// Counts the conditions being run (if/while/until conditions, left of && and ||, !): set -e
// does not apply inside them.
struct SuppressErrexit {
  explicit SuppressErrexit(Shell& s) : shell(s) { ++shell.errexit_suppressed; }
  ~SuppressErrexit() { --shell.errexit_suppressed; }
  Shell& shell;
};

// The loop depth break and continue count against; kept right when an error unwinds the loop.
struct LoopScope {
  explicit LoopScope(Shell& s) : shell(s) { ++shell.loop_depth; }
  ~LoopScope() { --shell.loop_depth; }
  LoopScope(const LoopScope&) = delete;
  LoopScope& operator=(const LoopScope&) = delete;
  Shell& shell;
};

enum class AfterBody { Next, Stop };

// After a loop's body (or condition): consumes one level of break/continue N, and says whether
// this loop goes on.
AfterBody after_body(Shell& shell) {
  if (shell.flow == Flow::Break || shell.flow == Flow::Continue) {
    bool is_break = shell.flow == Flow::Break;
    if (--shell.flow_levels <= 0) shell.flow = Flow::Normal;
    return is_break || shell.flow != Flow::Normal ? AfterBody::Stop : AfterBody::Next;
  }
  return unwinding(shell) ? AfterBody::Stop : AfterBody::Next;
}

int run_loop(Shell& shell, const syntax::LoopClause& loop) {
  int status = 0;
  LoopScope scope(shell);
  for (;;) {
    // Each turn of a loop: a background job that ended is reaped, so `while kill -0 $!` sees
    // it gone (the command loop reaps only between top-level commands); a Ctrl-C that reached
    // the shell ends a loop of builtins.
    reap_at_safe_point(shell);
    check_interrupt();
    int condition;
    {
      SuppressErrexit guard(shell);
      condition = execute(shell, loop.condition);
    }
    if (unwinding(shell)) {
      // break/continue in a condition act on this loop; continue tests the condition again.
      if (after_body(shell) == AfterBody::Stop) break;
      continue;
    }
    bool go_on = loop.kind == syntax::LoopKind::While ? condition == 0 : condition != 0;
    if (!go_on) break;
    status = execute(shell, loop.body);
    if (after_body(shell) == AfterBody::Stop) break;
  }
  return status;
}

int run_for(Shell& shell, const syntax::ForClause& clause) {
  std::vector<std::string> values;
  if (clause.words) {
    expand::expand_fields(shell, *clause.words, values);
  } else {
    values = shell.positional;
  }
  int status = 0;
  LoopScope scope(shell);
  for (const std::string& value : values) {
    reap_at_safe_point(shell);
    check_interrupt();
    if (!shell.vars.assign(clause.name, value)) {
      shell.error(std::string(clause.name) + ": is read only");
      throw CommandError{2, true};
    }
    status = execute(shell, clause.body);
    if (after_body(shell) == AfterBody::Stop) break;
  }
  return status;
}

int run_case(Shell& shell, const syntax::CaseClause& clause) {
  std::string subject = expand::expand_string(shell, clause.subject);
  bool falling_through = false;
  for (const syntax::CaseItem& item : clause.items) {
    bool matched = falling_through;
    for (std::size_t i = 0; !matched && i < item.patterns.size(); ++i) {
      matched = expand::pattern_match(expand::expand_pattern(shell, item.patterns[i]), subject);
    }
    if (!matched) continue;
    int status = item.body ? execute(shell, *item.body) : 0;
    if (item.terminator != syntax::CaseTerminator::FallThrough || unwinding(shell)) return status;
    falling_through = true;
  }
  return 0;
}

int run_if(Shell& shell, const syntax::IfClause& clause) {
  for (const syntax::IfBranch& branch : clause.branches) {
    int condition;
    {
      SuppressErrexit guard(shell);
      condition = execute(shell, branch.condition);
    }
    if (unwinding(shell)) return condition;
    if (condition == 0) return execute(shell, branch.body);
  }
  return clause.else_body ? execute(shell, *clause.else_body) : 0;
}

int run_subshell(Shell& shell, const syntax::CommandList& body) {
  if (shell.exec_tail != nullptr && exec_tail(body) == shell.exec_tail &&
      shell.virtual_subshells == 0 && !shell.traps.any_active()) {
    // The last command of a child, which ends after it: the body runs here, no copy needed
    // (exec_tail.h); its own last command may then take the child's place.
    return execute(shell, body);
  }
  if (std::optional<int> status = run_virtual_subshell(shell, body)) return *status;
  Job job;
  job.processes.resize(1);
  JobStart starting(shell, job, true);
  ChildSetup setup;
  setup.group = starting.group();
  setup.terminal_fd = starting.terminal_fd();
  setup.continuation = Continuation(body);
  if (!run_in_child(shell, setup, [&](Shell& child) { return execute(child, body); },
                    job.processes[0])) {
    return 2;
  }
  starting.started(job.processes[0].pid);
  if (shell.job_control.active) job.text = "( ... )";
  return wait_for_foreground(shell, job);
}

// Out of line: inlined, it made run_compound too big to be inlined into the loops that run
// every command.
[[gnu::noinline]] void define_function(Shell& shell, const syntax::Command& command,
                                       const syntax::FunctionDefinition& definition) {
  // The body lives in the arena of the text that defined it: share that arena. The text and its
  // place go with it, so the function can be handed to another process.
  Function& function = shell.functions[std::string(definition.name)];
  function.body = std::shared_ptr<const syntax::Command>(definition.arena->shared_from_this(),
                                                         definition.body);
  function.text = definition.text != nullptr ? *definition.text : std::string_view();
  function.file = command.range.file;
  function.line = command.range.line;
  function.column = command.range.column;
}

int run_compound(Shell& shell, const syntax::Command& command) {
  return std::visit(
      [&](const auto& c) -> int {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, syntax::SimpleCommand>) {
          return execute_simple(shell, c);
        } else if constexpr (std::is_same_v<T, syntax::BraceGroup>) {
          return execute(shell, c.body);
        } else if constexpr (std::is_same_v<T, syntax::Subshell>) {
          return run_subshell(shell, c.body);
        } else if constexpr (std::is_same_v<T, syntax::ForClause>) {
          return run_for(shell, c);
        } else if constexpr (std::is_same_v<T, syntax::CaseClause>) {
          return run_case(shell, c);
        } else if constexpr (std::is_same_v<T, syntax::IfClause>) {
          return run_if(shell, c);
        } else if constexpr (std::is_same_v<T, syntax::LoopClause>) {
          return run_loop(shell, c);
        } else {
          static_assert(std::is_same_v<T, syntax::FunctionDefinition>);
          define_function(shell, command, c);
          return 0;
        }
      },
      command.value);
}

}  // namespace

int execute_command(Shell& shell, const syntax::Command& command) {
  enter_location(shell, command.range);
  if (command.redirections.empty()) return run_compound(shell, command);
  Redirections redirections;
  if (!redirections.prepare(shell, command.redirections) || !redirections.apply(shell)) {
    // The compound command never ran, so no command inside judged this failure: set -e does.
    check_errexit(shell, 2);
    return 2;
  }
  return run_compound(shell, command);
}

int execute_and_or(Shell& shell, const syntax::AndOr& and_or) {
  // set -n: read commands, run none (an interactive shell may ignore it, and does).
  if (shell.options.get(Option::NoExec) && !shell.interactive) return 0;
  int status = 0;
  const std::size_t n = and_or.links.size();
  for (std::size_t i = 0; i < n; ++i) {
    const syntax::AndOrLink& link = and_or.links[i];
    if (link.op == syntax::AndOrOp::And && status != 0) continue;
    if (link.op == syntax::AndOrOp::Or && status == 0) continue;
    bool tested = i + 1 < n || link.pipeline.negated;  // left of && / ||, or negated
    if (tested) {
      SuppressErrexit guard(shell);
      status = execute_pipeline(shell, link.pipeline, false);
    } else {
      status = execute_pipeline(shell, link.pipeline, false);
      if (errexit_applies_to(link.pipeline)) check_errexit(shell, status);
    }
    shell.last_status = status;
    if (unwinding(shell)) break;
  }
  return status;
}

int execute(Shell& shell, const syntax::CommandList& list) {
  int status = 0;
  for (const syntax::ListItem& item : list.items) {
    // Between the commands of a list too (waiter.h): background jobs that ended while a
    // foreground command ran were zombies until the end of the line (.ci/sanitize's slow
    // children showed it: `sleep 0.2 & ...; /bin/sleep 1; ps` listed them all).
    reap_at_safe_point(shell);
    if (item.async) {
      status = start_background(shell, item.and_or);
    } else {
      status = execute_and_or(shell, item.and_or);
    }
    shell.last_status = status;
    if (Traps::pending()) {
      run_pending_traps(shell);
      // A `return` in the action leaves this function with the action's status.
      if (shell.flow == Flow::Return) status = shell.last_status;
    }
    check_interrupt();
    if (unwinding(shell)) break;
  }
  return status;
}

int execute(Shell& shell, const syntax::Program& program) {
  int status = 0;
  for (const syntax::CompleteCommand& command : program.commands) {
    status = execute(shell, command);
    if (unwinding(shell)) break;
  }
  return status;
}

void become_subshell(Shell& shell) {
  if (shell.interactive) {
    // What the interactive shell ignores for itself, its subshells do not.
    for (int sig : {SIGINT, SIGQUIT, SIGTERM}) shell.signals.set(sig, SIG_DFL);
  }
  leave_job_control(shell);
  shell.in_subshell = true;
  shell.interactive = false;
  // A child forked inside a virtual subshell is a process of its own: its fd 1 is real, and
  // its traps run.
  shell.virtual_subshells = 0;
  shell.stdout_capture = nullptr;
  shell.exec_tail = nullptr;  // the caller says which command this child's body ends with
  if (shell.sigpipe_held) {
    // Forked inside a virtual subshell, with SIGPIPE blocked: this child dies of it again.
    shell.sigpipe_held = false;
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    ::sigprocmask(SIG_UNBLOCK, &pipe_signal, nullptr);
  }
  shell.jobs.clear_for_subshell();
  shell.traps.reset_for_subshell(shell);
}

void exit_child(Shell& shell, int status) {
  shell.request_exit(status);
  run_exit_trap(shell);  // only an EXIT trap the subshell set itself
  spawn::exit_shell_child(shell.exit_status);
}

}  // namespace spawnsh::exec
