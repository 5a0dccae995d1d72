// Simple commands (XCU 2.9.1): assignments, redirections, expansion, command search, and the
// run: special builtin, function, regular builtin, or program.
#include <algorithm>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/external.h"
#include "shell/exec/redirect.h"
#include "shell/exec/shell_fds.h"
#include "shell/syntax/stack_limit.h"
#include "shell/exec/simple_command.h"
#include "shell/expand/expand.h"
#include "shell/expand/prompt.h"
#include "shell/jobs/job_text.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::exec {
namespace {

// Deep enough for real recursive scripts, shallow enough that the C++ stack (each call goes
// through a dozen evaluator frames) never overflows.
constexpr int kMaxFunctionDepth = 1000;

// XCU 2.8.2 leaves a failed redirection's status open (1-125); dash says 2 for every command.
constexpr int kRedirectionFailed = 2;

[[noreturn]] void readonly_error(Shell& shell, std::string_view name) {
  shell.error(std::string(name) + ": is read only");
  throw CommandError{2, true};
}

void assign(Shell& shell, std::string_view name, const std::string& value, bool exported) {
  if (!shell.vars.assign(name, value)) readonly_error(shell, name);
  if (exported || shell.options.get(Option::AllExport)) shell.vars.set_exported(name);
}

// Prefix assignments that last only as long as one builtin, function or program runs.
class TemporaryAssignments {
 public:
  TemporaryAssignments(Shell& shell, const syntax::ArenaList<syntax::Assignment>& assignments)
      : shell_(shell) {
    for (const syntax::Assignment& a : assignments) {
      std::string value = expand::expand_string(shell, a.value);
      const Variable* old = shell.vars.find(a.name);
      saved_.push_back({std::string(a.name), old ? std::optional<Variable>(*old) : std::nullopt});
      assign(shell, a.name, value, true);
    }
  }
  ~TemporaryAssignments() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) shell_.vars.put(it->name, it->old);
  }
  TemporaryAssignments(const TemporaryAssignments&) = delete;
  TemporaryAssignments& operator=(const TemporaryAssignments&) = delete;

 private:
  struct Saved {
    std::string name;
    std::optional<Variable> old;
  };
  Shell& shell_;
  std::vector<Saved> saved_;
};

// Writes the set -x line: PS4 expanded, then each prefix assignment with the value it was given
// (so call it once they are made), then the command's words.
void write_trace(Shell& shell, int fd, const syntax::SimpleCommand& command,
                 std::span<const std::string> argv) {
  // Unset PS4 traces with no prefix, as in dash.
  const std::string* ps4 = shell.vars.value("PS4");
  std::string line = ps4 != nullptr ? expand::expand_prompt(shell, "PS4", *ps4) : std::string();
  bool first = true;
  for (const syntax::Assignment& a : command.assignments) {
    const std::string* value = shell.vars.value(a.name);
    line += (first ? "" : " ") + std::string(a.name) + "=" +
            (value != nullptr ? *value : std::string());
    first = false;
  }
  for (const std::string& arg : argv) {
    line += (first ? "" : " ") + arg;
    first = false;
  }
  line += '\n';
  [[maybe_unused]] ssize_t n = ::write(fd, line.data(), line.size());
}

// Where a command's set -x line goes. XCU 2.9.1 performs redirections (step 3) before it
// expands and makes the prefix assignments (step 4), and the trace shows the assignments'
// values, so it is written after the redirections are applied; yet it belongs on the shell's
// stderr, not the command's (`cmd 2>/dev/null` is still traced, as in dash). So stderr is
// copied before the command's redirections, when it has any.
class TraceOutput {
 public:
  TraceOutput(const Shell& shell, const syntax::SimpleCommand& command) {
    if (!shell.options.get(Option::XTrace)) return;
    if (command.redirections.empty()) {
      fd_ = STDERR_FILENO;
    } else {
      // Above every fd the command names (`cmd 10>f` must not take over the copy).
      int lowest = kShellFdBase;
      for (const syntax::Redirection& r : command.redirections) {
        if (r.io_number < (1 << 20)) lowest = std::max(lowest, r.io_number + 1);
      }
      fd_ = dup_to_shell_range(STDERR_FILENO, lowest);
    }
    owned_ = fd_ != STDERR_FILENO;
  }
  ~TraceOutput() { close(); }
  TraceOutput(const TraceOutput&) = delete;
  TraceOutput& operator=(const TraceOutput&) = delete;

  // Writes the line (if set -x is on) and lets go of the copy: a function body or a builtin
  // run next must not see it.
  void write(Shell& shell, const syntax::SimpleCommand& command,
             std::span<const std::string> argv) {
    if (fd_ >= 0) write_trace(shell, fd_, command, argv);
    close();
  }

 private:
  void close() {
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
  bool owned_ = false;
};

// No command word: redirections are performed (files are created), then the assignments change
// the shell, each expanded after the one before it is made; the redirections are undone at the
// end. The status is that of the last command substitution, else 0.
int assignments_only(Shell& shell, const syntax::SimpleCommand& command) {
  TraceOutput trace(shell, command);
  Redirections redirections;
  if (!command.redirections.empty() &&
      (!redirections.prepare(shell, command.redirections) || !redirections.apply(shell))) {
    return kRedirectionFailed;
  }
  for (const syntax::Assignment& a : command.assignments) {
    assign(shell, a.name, expand::expand_string(shell, a.value), false);
  }
  trace.write(shell, command, {});  // dash traces even a lone redirection (an empty line)
  return shell.substitution_status >= 0 ? shell.substitution_status : 0;
}

int run_builtin(Shell& shell, const Builtin& builtin, const syntax::SimpleCommand& command,
                std::span<const std::string> argv, TraceOutput& trace) {
  Redirections redirections;
  if (!redirections.prepare(shell, command.redirections) || !redirections.apply(shell)) {
    // A redirection error on a special builtin ends a non-interactive shell (XCU 2.8.1).
    if (builtin.special) throw CommandError{kRedirectionFailed, true};
    return kRedirectionFailed;
  }
  if (builtin.special) {
    // Assignments before a special builtin stay (XCU 2.14); before exec they are also in the
    // environment of the program it runs.
    bool exported = argv[0] == "exec" && argv.size() > 1;
    for (const syntax::Assignment& a : command.assignments) {
      assign(shell, a.name, expand::expand_string(shell, a.value), exported);
    }
    trace.write(shell, command, argv);
    int status = builtin.run(shell, argv);
    if (argv[0] == "exec" && argv.size() == 1) redirections.keep();
    return status;
  }
  TemporaryAssignments temporary(shell, command.assignments);
  trace.write(shell, command, argv);
  return builtin.run(shell, argv);
}

int run_program(Shell& shell, const syntax::SimpleCommand& command,
                std::span<const std::string> argv, TraceOutput& trace) {
  Redirections redirections;
  if (!redirections.prepare(shell, command.redirections)) return 2;
  TemporaryAssignments temporary(shell, command.assignments);
  trace.write(shell, command, argv);
  std::vector<spawn::FdAction> actions;
  redirections.append_actions(actions);
  ExternalCommand external;
  external.argv = argv;
  external.envp = shell.vars.environment();
  external.fd_actions = actions;
  external.redirections = &redirections;
  Job job;
  job.processes.resize(1);
  JobStart starting(shell, job, true);
  external.group = starting.group();
  external.terminal_fd = starting.terminal_fd();
  // The last command of a child (exec_tail.h): the child becomes the program.
  external.replace_child = &command == shell.exec_tail && shell.virtual_subshells == 0 &&
                           !shell.traps.any_active();
  int status = 0;
  if (!start_external(shell, external, job.processes[0], status)) return status;
  starting.started(job.processes[0].pid);
  if (shell.job_control.active) job.text = job_text(command);
  return wait_for_foreground(shell, job);
}

}  // namespace

int call_function(Shell& shell, const syntax::Command& body, std::span<const std::string> argv) {
  if (shell.function_depth >= kMaxFunctionDepth) {
    shell.error(argv[0] + ": function calls nested too deeply (limit " +
                std::to_string(kMaxFunctionDepth) + ")");
    throw CommandError{2, true};
  }
  // The count above does not know how big the stack is (ulimit -s 256): the real bound.
  if (syntax::stack_nearly_full()) {
    shell.error(argv[0] + ": function calls nested too deeply (the stack is nearly full)");
    throw CommandError{2, true};
  }
  std::vector<std::string> saved(argv.begin() + 1, argv.end());
  std::swap(saved, shell.positional);
  ++shell.function_depth;
  // The caller's loops do not enclose the body: break/continue there find no loop, as in dash
  // (POSIX leaves it unspecified).
  int saved_loop_depth = std::exchange(shell.loop_depth, 0);
  int status;
  try {
    LocalScopeGuard locals(shell);
    status = execute_command(shell, body);
  } catch (...) {
    --shell.function_depth;
    shell.loop_depth = saved_loop_depth;
    std::swap(saved, shell.positional);
    throw;
  }
  --shell.function_depth;
  shell.loop_depth = saved_loop_depth;
  std::swap(saved, shell.positional);
  if (shell.flow == Flow::Return) shell.flow = Flow::Normal;
  return status;
}

void trace_command(Shell& shell, const syntax::SimpleCommand& command,
                   std::span<const std::string> argv) {
  if (shell.options.get(Option::XTrace)) write_trace(shell, STDERR_FILENO, command, argv);
}

int execute_expanded(Shell& shell, const syntax::SimpleCommand& command,
                     std::span<const std::string> argv, bool skip_functions) {
  if (argv.empty()) return assignments_only(shell, command);
  TraceOutput trace(shell, command);
  const Builtin* builtin = shell.builtins.find(argv[0]);
  if (builtin != nullptr && builtin->special) {
    return run_builtin(shell, *builtin, command, argv, trace);
  }
  if (auto f = shell.functions.find(argv[0]); !skip_functions && f != shell.functions.end()) {
    std::shared_ptr<const syntax::Command> body = f->second.body;  // survives a redefinition
    Redirections redirections;
    if (!redirections.prepare(shell, command.redirections) || !redirections.apply(shell)) {
      return kRedirectionFailed;
    }
    TemporaryAssignments temporary(shell, command.assignments);
    trace.write(shell, command, argv);
    return call_function(shell, *body, argv);
  }
  if (builtin != nullptr) return run_builtin(shell, *builtin, command, argv, trace);
  return run_program(shell, command, argv, trace);
}

namespace {

// export and readonly, named literally, are declaration utilities: their NAME=value operands
// expand as assignments do (POSIX.1-2024 XCU 2.9.1); so is local, as in dash.
bool is_declaration_utility(const syntax::Word& word) {
  if (word.parts.size() != 1) return false;
  const auto* lit = std::get_if<syntax::LiteralPart>(&word.parts[0].value);
  return lit != nullptr &&
         (lit->text == "export" || lit->text == "readonly" || lit->text == "local");
}

void expand_words(Shell& shell, const syntax::ArenaList<syntax::Word>& words,
                  std::vector<std::string>& argv) {
  if (words.empty() || !is_declaration_utility(words[0])) {
    expand::expand_fields(shell, words, argv);
    return;
  }
  argv.emplace_back(std::get<syntax::LiteralPart>(words[0].parts[0].value).text);
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (expand::is_declaration_operand(words[i])) {
      argv.push_back(expand::expand_declaration(shell, words[i]));
    } else {
      expand::expand_fields(shell, std::span(&words[i], 1), argv);
    }
  }
}

}  // namespace

int execute_simple(Shell& shell, const syntax::SimpleCommand& command) {
  shell.substitution_status = -1;  // a command of substitutions alone takes the last one's status
  std::vector<std::string> argv;
  expand_words(shell, command.words, argv);
  return execute_expanded(shell, command, argv);
}

}  // namespace spawnsh::exec
