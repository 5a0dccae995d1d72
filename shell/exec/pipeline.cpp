// Pipelines and background jobs. A program in a pipeline is spawned through the chosen
// backend like any other command (its words are expanded here, in the parent); shell code in a
// pipeline (a builtin, a function, a compound command) runs in a child made by run_in_child,
// except a first element that needs no process (virtual_subshell.h: `echo x | cat`), which runs
// in the shell, its output written into the pipe.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <string_view>
#include <utility>

#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/external.h"
#include "shell/exec/child.h"
#include "shell/exec/location.h"
#include "shell/exec/redirect.h"
#include "shell/exec/shell_fds.h"
#include "shell/exec/simple_command.h"
#include "shell/exec/virtual_subshell.h"
#include "shell/expand/expand.h"
#include "shell/shell.h"
#include "shell/timing/time_command.h"
#include "shell/jobs/job_text.h"
#include "shell/jobs/waiter.h"

namespace spawnsh::exec {
namespace {

// Expanding in the parent is only invisible when expansion cannot change the shell: no
// ${x=word}, no arithmetic (it may assign). Otherwise the child expands, as POSIX has it.
bool expansion_has_effects(const syntax::WordParts& parts);

bool word_has_effects(const syntax::Word& word) { return expansion_has_effects(word.parts); }

bool expansion_has_effects(const syntax::WordParts& parts) {
  for (const syntax::WordPart& part : parts) {
    if (std::holds_alternative<syntax::ArithmeticPart>(part.value)) return true;
    if (const auto* dq = std::get_if<syntax::DoubleQuotedPart>(&part.value)) {
      if (expansion_has_effects(dq->parts)) return true;
    }
    if (const auto* p = std::get_if<syntax::ParameterPart>(&part.value)) {
      using Op = syntax::ParameterOp;
      if (p->op == Op::AssignDefault || p->op == Op::AssignDefaultIfNull) return true;
      if (p->argument && word_has_effects(*p->argument)) return true;
    }
  }
  return false;
}

bool can_expand_in_parent(const syntax::SimpleCommand& command) {
  for (const syntax::Word& w : command.words) {
    if (word_has_effects(w)) return false;
  }
  return true;
}

int dev_null(Shell& shell) {
  if (shell.dev_null_fd < 0) {
    shell.dev_null_fd = move_to_shell_range(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  }
  return shell.dev_null_fd;
}

// Whether a word's expansion runs commands: a command substitution anywhere in it.
bool runs_commands(const syntax::WordParts& parts);

bool runs_commands(const syntax::Word* word) { return word != nullptr && runs_commands(word->parts); }

bool runs_commands(const syntax::WordParts& parts) {
  for (const syntax::WordPart& part : parts) {
    const auto& v = part.value;
    if (std::holds_alternative<syntax::CommandSubstitutionPart>(v) ||
        std::holds_alternative<syntax::BackquotePart>(v)) {
      return true;
    }
    if (const auto* dq = std::get_if<syntax::DoubleQuotedPart>(&v)) {
      if (runs_commands(dq->parts)) return true;
    } else if (const auto* p = std::get_if<syntax::ParameterPart>(&v)) {
      if (runs_commands(p->argument)) return true;
    } else if (const auto* a = std::get_if<syntax::ArithmeticPart>(&v)) {
      if (runs_commands(a->expression)) return true;
    }
  }
  return false;
}

// `>/dev/null`, `2>/dev/null`, `</dev/null`: a program's child opens the file onto 0-2; no
// other fd is named (a target such as /dev/fd/3 would name one).
bool to_dev_null(const syntax::Redirection& r) {
  using Op = syntax::RedirectionOp;
  if (r.io_number > 2) return false;
  if (r.op != Op::Input && r.op != Op::Output && r.op != Op::Clobber && r.op != Op::Append) {
    return false;
  }
  if (r.target.parts.size() != 1) return false;
  const auto* literal = std::get_if<syntax::LiteralPart>(&r.target.parts[0].value);
  return literal != nullptr && literal->text == "/dev/null";
}

// Whether the pipeline's pipes may stay at the numbers pipe2 gives them (3, 4, ... when the
// script leaves those free) instead of being moved to 10 and up (shell_fds.h; two fcntl and two
// close per pipe, a tenth of `echo x | cat`'s system calls): when nothing that runs while they
// are open can name an fd of 3-9. So every element is a simple command whose words run no
// command (a substitution's body could), naming literally either a program (no builtin, no
// function: its child execs at once, and the ends are close-on-exec) with no redirection but
// to /dev/null, or a builtin that touches no fd but 1 and 2, with none
// (`echo x | cat >/dev/null`).
bool pipe_ends_may_stay_low(const Shell& shell, const syntax::Pipeline& pipeline) {
  for (const syntax::Command& command : pipeline.commands) {
    const auto* simple = std::get_if<syntax::SimpleCommand>(&command.value);
    if (simple == nullptr || simple->words.empty()) return false;
    const syntax::Word& name = simple->words[0];
    if (name.parts.size() != 1) return false;
    const auto* literal = std::get_if<syntax::LiteralPart>(&name.parts[0].value);
    if (literal == nullptr || literal->text.find_first_of("*?[") != std::string_view::npos) {
      return false;
    }
    if (shell.functions.find(std::string(literal->text)) != shell.functions.end()) return false;
    if (shell.builtins.find(literal->text) != nullptr) {
      static constexpr std::string_view kFdFree[] = {"echo", "printf", ":", "true", "false"};
      if (std::find(std::begin(kFdFree), std::end(kFdFree), literal->text) == std::end(kFdFree) ||
          !simple->redirections.empty()) {
        return false;
      }
    }
    for (const syntax::Redirection& r : simple->redirections) {
      if (!to_dev_null(r)) return false;
    }
    for (const syntax::Word& word : simple->words) {
      if (runs_commands(word.parts)) return false;
    }
    for (const syntax::Assignment& assignment : simple->assignments) {
      if (runs_commands(assignment.value.parts)) return false;
    }
  }
  return true;
}

// A pipe whose ends are out of the script's fd range (see shell_fds.h), unless `stay_low`
// (pipe_ends_may_stay_low).
bool make_pipe(int fds[2], bool stay_low) {
  if (::pipe2(fds, O_CLOEXEC) < 0) return false;
  // An end at 0-2 (the script closed one of those) is moved all the same: a child would
  // find it where the script has nothing.
  if (stay_low && fds[0] > 2 && fds[1] > 2) return true;
  fds[0] = move_to_shell_range(fds[0]);
  fds[1] = move_to_shell_range(fds[1]);
  if (fds[0] >= 0 && fds[1] >= 0) return true;
  int saved_errno = errno;
  if (fds[0] >= 0) ::close(fds[0]);
  if (fds[1] >= 0) ::close(fds[1]);
  errno = saved_errno;
  return false;
}

// Whether `size` bytes can be written to the empty pipe `fd` without a reader: what its buffer
// holds (a page at least). Not grown to hold more: a child writing more than the buffer would
// block until read, and die of SIGPIPE if the reader left first (`| head -c1` under pipefail),
// which the late write (write_captured) reproduces.
bool fits_in_pipe(int fd, std::size_t size) {
  constexpr std::size_t kPage = 4096;
  if (size <= kPage) return true;
  int capacity = ::fcntl(fd, F_GETPIPE_SZ);
  return capacity >= 0 && static_cast<std::size_t>(capacity) >= size;
}

spawn::WaitStatus element_status(int status) {
  return status > 128 ? spawn::WaitStatus::signaled(status - 128)
                      : spawn::WaitStatus::exited(status);
}

struct Element {
  int in = -1;          // fd to become 0 (-1: inherit)
  int out = -1;         // fd to become 1 (-1: inherit)
  int parent_only = -1; // the next element's read end: the child must not keep it
  bool ignore_interrupts = false;  // an asynchronous list without job control
  spawn::ProcessGroup group;       // set -m: the job's own group
  int terminal_fd = -1;            // set -m: the terminal, for the first of a foreground job
};

// A program element: spawned directly, no copy of the shell.
bool spawn_program(Shell& shell, const syntax::SimpleCommand& command,
                   std::span<const std::string> argv, const Element& e,
                   spawn::ProcessRecord& record, int& status) {
  Redirections redirections;
  if (!redirections.prepare(shell, command.redirections)) {
    status = 2;
    return false;
  }
  std::vector<spawn::FdAction> actions;
  if (e.in >= 0) actions.push_back(spawn::FdAction::dup2(e.in, 0));
  if (e.out >= 0) actions.push_back(spawn::FdAction::dup2(e.out, 1));
  std::size_t base = actions.size();
  redirections.append_actions(actions);

  // Prefix assignments reach only this program's environment.
  std::vector<std::pair<std::string, std::optional<Variable>>> saved;
  for (const syntax::Assignment& a : command.assignments) {
    std::string value = expand::expand_string(shell, a.value);
    const Variable* old = shell.vars.find(a.name);
    saved.emplace_back(a.name, old ? std::optional<Variable>(*old) : std::nullopt);
    if (shell.vars.assign(a.name, value)) shell.vars.set_exported(a.name);
  }
  trace_command(shell, command, argv);  // after the assignments: it shows their values
  ExternalCommand external;
  external.argv = argv;
  external.envp = shell.vars.environment();
  external.fd_actions = actions;
  external.redirection_base = base;
  external.redirections = &redirections;
  external.group = e.group;
  external.terminal_fd = e.terminal_fd;
  bool ok = start_external(shell, external, record, status);
  for (auto it = saved.rbegin(); it != saved.rend(); ++it) shell.vars.put(it->first, it->second);
  return ok;
}

// Shell code in a child: a builtin, a function, a compound command, or a simple command whose
// expansion must happen in the child.
bool start_shell_code(Shell& shell, const syntax::Command& command,
                      const std::vector<std::string>* expanded, const Element& e,
                      spawn::ProcessRecord& record) {
  std::vector<spawn::FdAction> actions;
  append_pipe_actions(actions, e.in, e.out, e.parent_only);
  ChildSetup setup;
  setup.fd_actions = actions;
  setup.ignore_interrupts = e.ignore_interrupts;
  setup.group = e.group;
  setup.terminal_fd = e.terminal_fd;
  setup.continuation =
      expanded != nullptr ? Continuation(command, *expanded) : Continuation(command);
  return run_in_child(
      shell, setup,
      [&](Shell& child) {
        if (expanded != nullptr) {
          return execute_expanded(child, std::get<syntax::SimpleCommand>(command.value),
                                  *expanded);
        }
        return execute_command(child, command);
      },
      record);
}

}  // namespace

int execute_pipeline(Shell& shell, const syntax::Pipeline& pipeline, bool background) {
  if (pipeline.timed && !background) return timing::run_timed_pipeline(shell, pipeline);
  const std::size_t n = pipeline.commands.size();
  if (n == 1 && !background) {
    int status = execute_command(shell, pipeline.commands[0]);
    return pipeline.negated ? (status == 0 ? 1 : 0) : status;
  }

  Job job;
  std::vector<spawn::ProcessRecord>& processes = job.processes;
  processes.resize(n);
  // Without job control, an asynchronous list ignores SIGINT and SIGQUIT and reads /dev/null
  // (XCU 2.9.3, 2.11).
  bool job_control_off = background && !shell.job_control.active;
  JobStart starting(shell, job, !background);
  InheritedIgnore ignore_interrupts(shell.signals, job_control_off);
  int previous_read = job_control_off ? dev_null(shell) : -1;
  bool close_previous = false;
  bool pipe_failed = false;
  int status = 0;
  int late_fd = -1;        // the first element's pipe, when its bytes did not fit at once
  std::string late_bytes;
  const bool pipes_stay_low = pipe_ends_may_stay_low(shell, pipeline);
  for (std::size_t i = 0; i < n; ++i) {
    const syntax::Command& command = pipeline.commands[i];
    int pipe_fds[2] = {-1, -1};
    if (i + 1 < n && !make_pipe(pipe_fds, pipes_stay_low)) {
      shell.error(std::string("cannot make a pipe: ") + std::strerror(errno));
      pipe_failed = true;
      processes.resize(i);
      break;
    }
    Element element{previous_read, pipe_fds[1], pipe_fds[0], job_control_off, starting.group(),
                    starting.terminal_fd()};
    spawn::ProcessRecord& record = processes[i];
    bool started = false;
    enter_location(shell, command.range);
    const auto* simple = std::get_if<syntax::SimpleCommand>(&command.value);
    std::optional<CapturedElement> captured;
    if (i == 0 && !background) captured = run_virtual_element(shell, command);
    if (captured) {
      // Run in the shell (virtual_subshell.h): its bytes go into the pipe now when they fit,
      // else once every element has started (one of them reads them).
      record.status = spawn::WaitStatus::exited(captured->status);
      record.done = true;
      if (fits_in_pipe(pipe_fds[1], captured->output.size())) {
        int written = write_captured(shell, pipe_fds[1], captured->output, false);
        if (written >= 0) record.status = element_status(written);
      } else {
        late_fd = std::exchange(pipe_fds[1], -1);
        late_bytes = std::move(captured->output);
      }
    } else if (simple != nullptr && can_expand_in_parent(*simple)) {
      std::vector<std::string> argv;
      shell.substitution_status = -1;
      try {
        expand::expand_fields(shell, simple->words, argv);
      } catch (const CommandError& error) {
        status = error.status;
        argv.clear();
        record.status = spawn::WaitStatus::exited(status);
        record.done = true;
      }
      if (record.done) {
        // the expansion error was reported; this element did not run
      } else if (!argv.empty() && shell.builtins.find(argv[0]) == nullptr &&
                 shell.functions.find(argv[0]) == shell.functions.end()) {
        started = spawn_program(shell, *simple, argv, element, record, status);
      } else {
        started = start_shell_code(shell, command, &argv, element, record);
      }
    } else {
      started = start_shell_code(shell, command, nullptr, element, record);
    }
    if (started) starting.started(record.pid);
    if (!started && !record.done) {
      record.status = spawn::WaitStatus::exited(status == 0 ? 2 : status);
      record.done = true;
    }
    if (close_previous) ::close(previous_read);
    if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
    previous_read = pipe_fds[0];
    close_previous = true;
  }
  if (close_previous && previous_read >= 0) ::close(previous_read);
  if (late_fd >= 0) {
    int written = pipe_failed ? -1 : write_captured(shell, late_fd, late_bytes, true);
    if (written >= 0) processes[0].status = element_status(written);
    ::close(late_fd);
  }
  if (pipe_failed) {
    // The elements already started are reaped (no zombie), then the command fails as dash's
    // does: a non-interactive shell ends.
    wait_for_foreground(shell, job);
    throw CommandError{2, true};
  }
  // The text `jobs` shows; a foreground job needs one only if it may stop (set -m).
  if (background || shell.job_control.active) job.text = job_text(pipeline);

  if (background) {
    for (auto it = processes.rbegin(); it != processes.rend(); ++it) {
      if (it->pid > 0) {
        shell.last_background = it->pid;
        break;
      }
    }
    add_background_job(shell, std::move(job));
    return 0;
  }
  status = wait_for_foreground(shell, job);
  if (shell.options.get(Option::PipeFail)) {
    // The status of the last element that failed, else 0.
    for (const spawn::ProcessRecord& p : processes) {
      if (p.status.shell_status() != 0) status = p.status.shell_status();
    }
  }
  return pipeline.negated ? (status == 0 ? 1 : 0) : status;
}

int start_background(Shell& shell, const syntax::AndOr& and_or) {
  // A timed job is timed and reported by a subshell of its own, as bash does.
  if (and_or.links.size() == 1 && !and_or.links[0].pipeline.timed) {
    return execute_pipeline(shell, and_or.links[0].pipeline, true);
  }
  // Without job control, stdin is /dev/null and SIGINT and SIGQUIT are ignored (XCU 2.9.3).
  bool job_control_off = !shell.job_control.active;
  int null_fd = job_control_off ? dev_null(shell) : -1;
  const spawn::FdAction stdin_from_null[] = {spawn::FdAction::dup2(null_fd, 0)};
  ChildSetup setup;
  if (null_fd >= 0) setup.fd_actions = stdin_from_null;
  setup.ignore_interrupts = job_control_off;
  setup.continuation = Continuation(and_or);
  Job job;
  job.processes.resize(1);
  JobStart starting(shell, job, false);
  setup.group = starting.group();
  if (!run_in_child(shell, setup, [&](Shell& child) { return execute_and_or(child, and_or); },
                    job.processes[0])) {
    return 2;
  }
  starting.started(job.processes[0].pid);
  shell.last_background = job.processes[0].pid;
  job.text = job_text(and_or);
  add_background_job(shell, std::move(job));
  return 0;
}

}  // namespace spawnsh::exec
