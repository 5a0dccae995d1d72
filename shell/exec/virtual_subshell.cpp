// Virtual subshells (see the header): the static admission check, and the run with its state
// saved and restored.
#include "shell/exec/virtual_subshell.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

#include "shell/errors.h"
#include "shell/exec/child.h"
#include "shell/exec/command_substitution.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/external.h"
#include "shell/exec/location.h"
#include "shell/exec/redirect.h"
#include "shell/exec/simple_command.h"
#include "shell/expand/expand.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::exec {
namespace {

// The builtins a body may run: none writes anything but its standard output and errors, and
// none changes the shell beyond $? and (exit) the exit request.
bool is_admitted_builtin(std::string_view name) {
  static constexpr std::string_view kAdmitted[] = {":", "[", "echo", "exit", "false",
                                                   "printf", "test", "true"};
  return std::find(std::begin(kAdmitted), std::end(kAdmitted), name) != std::end(kAdmitted);
}

// Walks a body, answering whether it is admitted and collecting the variables it may assign.
class Admission {
 public:
  explicit Admission(const Shell& shell) : shell_(shell) {}

  // A $( ) body: its last command may also be a program to run (tail()).
  bool program(const syntax::Program& program) {
    for (std::size_t i = 0; i < program.commands.size(); ++i) {
      if (!list(program.commands[i], i + 1 == program.commands.size())) return false;
    }
    return true;
  }

  bool list(const syntax::CommandList& list, bool program_tail_allowed = false) {
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const syntax::ListItem& item = list.items[i];
      if (program_tail_allowed && i + 1 == list.items.size() && program_tail(item)) {
        tail_ = &item;
        continue;
      }
      if (item.async) return false;
      for (const syntax::AndOrLink& link : item.and_or.links) {
        const syntax::Pipeline& pipeline = link.pipeline;
        if (pipeline.timed || pipeline.commands.size() != 1) return false;
        if (!command(pipeline.commands[0])) return false;
      }
    }
    return true;
  }

  // One element of a pipeline.
  bool element(const syntax::Command& command) { return this->command(command); }

  std::vector<std::string_view>& assigned() { return assigned_; }
  // The last command of a $( ) when it runs a program, or null.
  const syntax::ListItem* tail() const { return tail_; }

 private:
  // `name args...`, the last command of a $( ), naming a program (no builtin, no function):
  // spawned directly with its stdout on the substitution's pipe, so no shell is copied for it.
  bool program_tail(const syntax::ListItem& item) {
    if (item.async || item.and_or.links.size() != 1) return false;
    const syntax::Pipeline& pipeline = item.and_or.links[0].pipeline;
    if (pipeline.negated || pipeline.timed || pipeline.commands.size() != 1) return false;
    const auto* command = std::get_if<syntax::SimpleCommand>(&pipeline.commands[0].value);
    if (command == nullptr || command->words.empty()) return false;
    const syntax::Word& name = command->words[0];
    if (name.parts.size() != 1) return false;
    const auto* literal = std::get_if<syntax::LiteralPart>(&name.parts[0].value);
    // A pattern could expand to the name of a builtin.
    if (literal == nullptr || literal->text.find_first_of("*?[") != std::string_view::npos) {
      return false;
    }
    if (shell_.builtins.find(literal->text) != nullptr ||
        shell_.functions.find(std::string(literal->text)) != shell_.functions.end()) {
      return false;
    }
    for (const syntax::Assignment& a : command->assignments) {
      if (!variable(a.name) || !word(a.value)) return false;
    }
    for (const syntax::Word& w : command->words) {
      if (!word(w)) return false;
    }
    for (const syntax::Redirection& r : command->redirections) {
      if (!word(r.target)) return false;
      if (r.here_doc != nullptr && !word(r.here_doc->body)) return false;
    }
    return true;
  }

  bool command(const syntax::Command& command) {
    if (!command.redirections.empty()) return false;
    return std::visit(
        [&](const auto& c) -> bool {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, syntax::SimpleCommand>) {
            return simple(c);
          } else if constexpr (std::is_same_v<T, syntax::BraceGroup> ||
                               std::is_same_v<T, syntax::Subshell>) {
            return list(c.body);
          } else if constexpr (std::is_same_v<T, syntax::IfClause>) {
            for (const syntax::IfBranch& branch : c.branches) {
              if (!list(branch.condition) || !list(branch.body)) return false;
            }
            return !c.else_body || list(*c.else_body);
          } else if constexpr (std::is_same_v<T, syntax::CaseClause>) {
            if (!word(c.subject)) return false;
            for (const syntax::CaseItem& item : c.items) {
              for (const syntax::Word& pattern : item.patterns) {
                if (!word(pattern)) return false;
              }
              if (item.body && !list(*item.body)) return false;
            }
            return true;
          } else {
            return false;  // loops, for, function definitions
          }
        },
        command.value);
  }

  bool simple(const syntax::SimpleCommand& command) {
    if (!command.redirections.empty()) return false;
    for (const syntax::Assignment& a : command.assignments) {
      if (!variable(a.name) || !word(a.value)) return false;
    }
    if (command.words.empty()) return true;
    const syntax::Word& name = command.words[0];
    if (name.parts.size() != 1) return false;
    const auto* literal = std::get_if<syntax::LiteralPart>(&name.parts[0].value);
    if (literal == nullptr || !is_admitted_builtin(literal->text)) return false;
    const Builtin* builtin = shell_.builtins.find(literal->text);
    if (builtin == nullptr) return false;
    // A function of that name would run instead of a regular builtin.
    if (!builtin->special && shell_.functions.find(std::string(literal->text)) !=
                                 shell_.functions.end()) {
      return false;
    }
    for (std::size_t i = 1; i < command.words.size(); ++i) {
      if (!word(command.words[i])) return false;
    }
    return true;
  }

  bool word(const syntax::Word& word) { return parts(word.parts); }

  bool parts(const syntax::WordParts& parts) {
    for (const syntax::WordPart& part : parts) {
      if (!this->part(part)) return false;
    }
    return true;
  }

  bool part(const syntax::WordPart& part) {
    if (std::holds_alternative<syntax::ArithmeticPart>(part.value)) return false;
    if (const auto* quoted = std::get_if<syntax::DoubleQuotedPart>(&part.value)) {
      return parts(quoted->parts);
    }
    if (const auto* parameter = std::get_if<syntax::ParameterPart>(&part.value)) {
      if (parameter->op == syntax::ParameterOp::AssignDefault ||
          parameter->op == syntax::ParameterOp::AssignDefaultIfNull) {
        // ${1=x} and the like are errors, not assignments.
        if (Variables::is_name(parameter->name) && !variable(parameter->name)) return false;
      }
      return parameter->argument == nullptr || word(*parameter->argument);
    }
    // Literals, quotes, tildes: no effect. A nested $( ) or `` is a subshell of its own,
    // virtual or not.
    return true;
  }

  bool variable(std::string_view name) {
    if (name == "PATH" || name == "OPTIND") return false;
    if (std::find(assigned_.begin(), assigned_.end(), name) == assigned_.end()) {
      assigned_.push_back(name);
    }
    return true;
  }

  const Shell& shell_;
  std::vector<std::string_view> assigned_;
  const syntax::ListItem* tail_ = nullptr;
};

// The state an admitted body can change, saved on entry and put back on every way out.
class SubshellScope {
 public:
  SubshellScope(Shell& shell, const std::vector<std::string_view>& assigned)
      : shell_(shell),
        last_status_(shell.last_status),
        substitution_status_(shell.substitution_status),
        where_(shell.where),
        interactive_(shell.interactive),
        in_subshell_(shell.in_subshell),
        capture_(shell.stdout_capture),
        exit_requested_(shell.exit_requested),
        exit_status_(shell.exit_status),
        flow_(shell.flow) {
    variables_.reserve(assigned.size());
    for (std::string_view name : assigned) {
      const Variable* old = shell.vars.find(name);
      variables_.push_back({name, old != nullptr ? std::optional<Variable>(*old) : std::nullopt});
    }
    ++shell.virtual_subshells;
    shell.interactive = false;
    shell.in_subshell = true;
  }
  ~SubshellScope() {
    for (auto it = variables_.rbegin(); it != variables_.rend(); ++it) {
      // put() only when the body changed it: putting back marks the environment stale.
      const Variable* now = shell_.vars.find(it->name);
      bool same = it->old ? now != nullptr && now->value == it->old->value &&
                                now->set == it->old->set && now->exported == it->old->exported &&
                                now->readonly == it->old->readonly
                          : now == nullptr;
      if (!same) shell_.vars.put(it->name, it->old);
    }
    shell_.exit_requested = exit_requested_;
    shell_.exit_status = exit_status_;
    shell_.flow = flow_;
    shell_.last_status = last_status_;
    shell_.substitution_status = substitution_status_;
    shell_.where = where_;
    shell_.interactive = interactive_;
    shell_.in_subshell = in_subshell_;
    shell_.stdout_capture = capture_;
    --shell_.virtual_subshells;
  }
  SubshellScope(const SubshellScope&) = delete;
  SubshellScope& operator=(const SubshellScope&) = delete;

 private:
  struct Saved {
    std::string_view name;
    std::optional<Variable> old;
  };
  Shell& shell_;
  int last_status_;
  int substitution_status_;
  Location where_;
  bool interactive_;
  bool in_subshell_;
  std::string* capture_;
  bool exit_requested_;
  int exit_status_;
  Flow flow_;
  std::vector<Saved> variables_;
};

bool unwinding(const Shell& shell) { return shell.exit_requested || shell.flow != Flow::Normal; }

// Runs `program` up to `tail` (excluded), as execute() would run all of it.
int execute_before(Shell& shell, const syntax::Program& program, const syntax::ListItem* tail) {
  int status = 0;
  for (const syntax::CompleteCommand& list : program.commands) {
    for (const syntax::ListItem& item : list.items) {
      if (&item == tail) return status;
      status = execute_and_or(shell, item.and_or);
      shell.last_status = status;
      if (unwinding(shell)) return status;
    }
  }
  return status;
}

// The program at the end of a $( ), run as run_program runs one (redirections prepared, prefix
// assignments exported to it, traced), with its stdout on a pipe whose bytes are appended to
// `output`. The PATH hash is left as it was: the search belongs to the subshell.
int run_program_tail(Shell& shell, const syntax::Command& command, std::string& output) {
  const auto& simple = std::get<syntax::SimpleCommand>(command.value);
  enter_location(shell, command.range);
  shell.substitution_status = -1;
  std::vector<std::string> argv;
  expand::expand_fields(shell, simple.words, argv);
  Redirections redirections;
  if (!redirections.prepare(shell, simple.redirections)) return 2;
  for (const syntax::Assignment& a : simple.assignments) {
    std::string value = expand::expand_string(shell, a.value);
    if (!shell.vars.assign(a.name, value)) {
      shell.error(std::string(a.name) + ": is read only");
      throw CommandError{2, true};
    }
    shell.vars.set_exported(a.name);
  }
  trace_command(shell, simple, argv);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) {
    shell.error(std::string("cannot make a pipe: ") + std::strerror(errno));
    throw CommandError{2, true};
  }
  // stdout onto the write end, neither end left open otherwise (an end that is already fd 1
  // only loses close-on-exec), then the command's own redirections.
  std::vector<spawn::FdAction> actions;
  if (fds[0] != 1) actions.push_back(spawn::FdAction::close(fds[0]));
  actions.push_back(spawn::FdAction::dup2(fds[1], 1));
  if (fds[1] != 1) actions.push_back(spawn::FdAction::close(fds[1]));
  std::size_t base = actions.size();
  redirections.append_actions(actions);
  ExternalCommand external;
  external.argv = argv;
  external.envp = shell.vars.environment();
  external.fd_actions = actions;
  external.redirection_base = base;
  external.redirections = &redirections;

  const auto& hashed = shell.command_hash.entries(shell.vars.path_generation());
  auto entry = hashed.find(argv[0]);
  std::optional<std::string> hashed_before =
      entry != hashed.end() ? std::optional<std::string>(entry->second) : std::nullopt;
  Job job;
  job.processes.resize(1);
  int status = 0;
  bool started = start_external(shell, external, job.processes[0], status);
  ::close(fds[1]);
  if (hashed_before) {
    shell.command_hash.remember(argv[0], std::move(*hashed_before));
  } else {
    shell.command_hash.forget(argv[0]);
  }
  // Read even when nothing started: the error was written where the command's redirections
  // say (`$(nosuch 2>&1)` captures it). Read as a forked substitution reads (no doubling copy
  // of a big output; a failed read or no memory reported, once the child is reaped).
  CapturedOutput captured = read_all(fds[0]);
  ::close(fds[0]);  // a child still writing gets SIGPIPE
  if (started) status = wait_for_foreground(shell, job);
  output += captured_text(shell, captured);
  return status;
}

}  // namespace

std::optional<int> run_virtual_subshell(Shell& shell, const syntax::CommandList& body) {
  Admission admission(shell);
  if (!admission.list(body)) return std::nullopt;
  SubshellScope scope(shell, admission.assigned());
  // As in a child; no EXIT trap can have been set (`trap` is not admitted).
  return subshell_status(shell, [&](Shell&) { return execute(shell, body); });
}

std::optional<std::string> virtual_command_substitution(Shell& shell,
                                                        const syntax::Program& program) {
  Admission admission(shell);
  if (!admission.program(program)) return std::nullopt;
  std::string output;
  int status;
  {
    SubshellScope scope(shell, admission.assigned());
    shell.stdout_capture = &output;
    const syntax::ListItem* tail = admission.tail();
    status = subshell_status(shell, [&](Shell&) {
      if (tail == nullptr) return execute(shell, program);
      int before = execute_before(shell, program, tail);
      if (unwinding(shell)) return before;
      return run_program_tail(shell, tail->and_or.links[0].pipeline.commands[0], output);
    });
  }
  shell.substitution_status = status;
  std::erase(output, '\0');  // NUL bytes dropped, as dash does
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

std::optional<CapturedElement> run_virtual_element(Shell& shell, const syntax::Command& command) {
  // With SIGPIPE ignored, a child writing to a pipe nobody reads would report a write error;
  // the bytes written afterwards by write_captured could not say it the same way.
  struct sigaction pipe_action {};
  if (::sigaction(SIGPIPE, nullptr, &pipe_action) != 0 || pipe_action.sa_handler == SIG_IGN) {
    return std::nullopt;
  }
  Admission admission(shell);
  if (!admission.element(command)) return std::nullopt;
  CapturedElement element;
  SubshellScope scope(shell, admission.assigned());
  shell.stdout_capture = &element.output;
  element.status =
      subshell_status(shell, [&](Shell&) { return execute_command(shell, command); });
  return element;
}

namespace {

// A write that failed otherwise than by a reader gone: said as the builtin would have said it.
int report_write_error(const Shell& shell, int error) {
  shell.error(std::string("write error: ") + std::strerror(error));
  return 1;
}

}  // namespace

int write_captured(const Shell& shell, int fd, std::string_view bytes, bool reader_started) {
  if (!reader_started) {
    // The read end is still open in this shell: no EPIPE, no SIGPIPE, and the bytes fit.
    while (!bytes.empty()) {
      ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return report_write_error(shell, errno);
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return -1;
  }
  // SIGPIPE blocked: a reader gone must not end the shell; the child that wrote these bytes
  // would have died of it, so its status says so, and the signal is taken back.
  sigset_t pipe_signal, saved;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  ::sigprocmask(SIG_BLOCK, &pipe_signal, &saved);
  int status = -1;
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = errno == EPIPE ? 128 + SIGPIPE : report_write_error(shell, errno);
      break;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (status == 128 + SIGPIPE) {
    struct timespec no_wait {};
    ::sigtimedwait(&pipe_signal, nullptr, &no_wait);
  }
  ::sigprocmask(SIG_SETMASK, &saved, nullptr);
  return status;
}

}  // namespace spawnsh::exec
