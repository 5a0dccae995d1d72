// Virtual subshells (see the header): the static admission check, and the run with its state
// saved and restored.
#include "shell/exec/virtual_subshell.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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
#include "shell/exec/shell_fds.h"
#include "shell/exec/simple_command.h"
#include "shell/expand/expand.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::exec {
namespace {

// What each builtin a body may run can change: only what the subshell's end puts back.
enum class Effect : unsigned char {
  None,         // its output and status: : true false echo printf test [ pwd exit return ...
  Positional,   // set shift: options and $1...
  Names,        // unset export readonly local read: variables named by literal operands
  Directory,    // cd: the working directory, PWD and OLDPWD
  Umask,        // umask
  Getopts,      // getopts: OPTIND, OPTARG, its position, the variable it names
};

std::optional<Effect> admitted_builtin(std::string_view name) {
  struct Entry {
    std::string_view name;
    Effect effect;
  };
  static constexpr Entry kAdmitted[] = {
      {":", Effect::None},          {"[", Effect::None},          {"break", Effect::None},
      {"continue", Effect::None},   {"echo", Effect::None},       {"exit", Effect::None},
      {"false", Effect::None},      {"printf", Effect::None},     {"pwd", Effect::None},
      {"return", Effect::None},     {"test", Effect::None},       {"true", Effect::None},
      {"set", Effect::Positional},  {"shift", Effect::Positional}, {"unset", Effect::Names},
      {"export", Effect::Names},    {"readonly", Effect::Names},  {"local", Effect::Names},
      {"read", Effect::Names},      {"cd", Effect::Directory},    {"umask", Effect::Umask},
      {"getopts", Effect::Getopts},
  };
  for (const Entry& entry : kAdmitted) {
    if (entry.name == name) return entry.effect;
  }
  return std::nullopt;
}

const syntax::LiteralPart* literal_word(const syntax::Word& word) {
  if (word.parts.size() != 1) return nullptr;
  return std::get_if<syntax::LiteralPart>(&word.parts[0].value);
}

// What an admitted body needs saved beyond the variables (which Variables' journal keeps).
struct Needs {
  bool positional = false;
  bool directory = false;
  bool umask = false;
};

// Walks a body, answering whether it is admitted and what it may change.
class Admission {
 public:
  // `unbounded`: loops and function calls may be admitted (not for a pipeline's element,
  // whose output is kept whole until it ends: a reader that quits early must stop a writer
  // that loops). They are admitted only while no signal is caught by this shell: a signal
  // caught meanwhile waits until the subshell is over, and a loop may never be over.
  Admission(const Shell& shell, bool unbounded) : shell_(shell) {
    unbounded_ = unbounded && !shell.interactive && !shell.job_control.active &&
                 !catches_signals(shell);
  }

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

  const Needs& needs() const { return needs_; }
  // The last command of a $( ) when it runs a program, or null.
  const syntax::ListItem* tail() const { return tail_; }

 private:
  static bool catches_signals(const Shell& shell) {
    for (int sig = 1; sig < NSIG; ++sig) {
      const std::optional<std::string>& action = shell.traps.action(sig);
      if (action && !action->empty()) return true;
    }
    return false;
  }

  // `name args...`, the last command of a $( ), naming a program (no builtin, no function):
  // spawned directly with its stdout on the substitution's pipe, so no shell is copied for it.
  bool program_tail(const syntax::ListItem& item) {
    if (item.async || item.and_or.links.size() != 1) return false;
    const syntax::Pipeline& pipeline = item.and_or.links[0].pipeline;
    if (pipeline.negated || pipeline.timed || pipeline.commands.size() != 1) return false;
    const auto* command = std::get_if<syntax::SimpleCommand>(&pipeline.commands[0].value);
    if (command == nullptr || command->words.empty()) return false;
    const syntax::LiteralPart* literal = literal_word(command->words[0]);
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
    if (!redirections(command.redirections)) return false;
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
          } else if constexpr (std::is_same_v<T, syntax::LoopClause>) {
            return unbounded_ && list(c.condition) && list(c.body);
          } else if constexpr (std::is_same_v<T, syntax::ForClause>) {
            if (!unbounded_ || !variable(c.name)) return false;
            if (c.words) {
              for (const syntax::Word& w : *c.words) {
                if (!word(w)) return false;
              }
            }
            return list(c.body);
          } else {
            return false;  // function definitions
          }
        },
        command.value);
  }

  // Redirections of a command inside the body: undone when the command ends, as in the
  // parent. None may name fd 1, which in a $( ) run here is a buffer, not an fd.
  bool redirections(const syntax::ArenaList<syntax::Redirection>& list) {
    for (const syntax::Redirection& r : list) {
      bool output = r.op == syntax::RedirectionOp::Output ||
                    r.op == syntax::RedirectionOp::Clobber ||
                    r.op == syntax::RedirectionOp::Append ||
                    r.op == syntax::RedirectionOp::DupOutput;
      int fd = r.io_number >= 0 ? r.io_number : output ? 1 : 0;
      if (fd == 1) return false;
      if (r.op == syntax::RedirectionOp::DupInput || r.op == syntax::RedirectionOp::DupOutput) {
        const syntax::LiteralPart* target = literal_word(r.target);
        if (target == nullptr || target->text == "1") return false;
      }
      if (!word(r.target)) return false;
      if (r.here_doc != nullptr && !word(r.here_doc->body)) return false;
    }
    return true;
  }

  bool simple(const syntax::SimpleCommand& command) {
    if (!redirections(command.redirections)) return false;
    for (const syntax::Assignment& a : command.assignments) {
      if (!variable(a.name) || !word(a.value)) return false;
    }
    if (command.words.empty()) return true;
    const syntax::LiteralPart* literal = literal_word(command.words[0]);
    if (literal == nullptr) return false;
    const Builtin* builtin = shell_.builtins.find(literal->text);
    if (builtin == nullptr || !builtin->special) {
      // A function runs instead of a regular builtin of its name.
      auto function = shell_.functions.find(std::string(literal->text));
      if (function != shell_.functions.end()) {
        return unbounded_ && function_body(literal->text, *function->second.body) &&
               words(command, 1);
      }
    }
    if (builtin == nullptr) return false;
    std::optional<Effect> effect = admitted_builtin(literal->text);
    if (!effect) return false;
    switch (*effect) {
      case Effect::None:
        return words(command, 1);
      case Effect::Positional:
        needs_.positional = true;
        return literal->text == "shift" || set_operands(command);
      case Effect::Names:
        return name_operands(command, literal->text == "read" || literal->text == "unset");
      case Effect::Directory:
        needs_.directory = true;
        return words(command, 1);
      case Effect::Umask:
        needs_.umask = true;
        return words(command, 1);
      case Effect::Getopts: {
        if (command.words.size() < 3) return false;
        const syntax::LiteralPart* name = literal_word(command.words[2]);
        return name != nullptr && variable(name->text) && words(command, 1);
      }
    }
    return false;
  }

  bool words(const syntax::SimpleCommand& command, std::size_t from) {
    for (std::size_t i = from; i < command.words.size(); ++i) {
      if (!word(command.words[i])) return false;
    }
    return true;
  }

  // A function called in the body: its body is admitted as if written there. A recursive call
  // is admitted by the check already under way.
  bool function_body(std::string_view name, const syntax::Command& body) {
    if (std::find(calling_.begin(), calling_.end(), name) != calling_.end()) return true;
    calling_.push_back(name);
    bool admitted = command(body);
    calling_.pop_back();
    return admitted;
  }

  // set: options as literal words, none of those whose effect is on the process (-m: job
  // control; -p: privileges; -o NAME is not looked into); then any operands.
  bool set_operands(const syntax::SimpleCommand& command) {
    std::size_t i = 1;
    for (; i < command.words.size(); ++i) {
      const syntax::LiteralPart* literal = literal_word(command.words[i]);
      if (literal == nullptr) return false;
      std::string_view text = literal->text;
      if (text == "--" || text == "-") {
        ++i;
        break;
      }
      if (text.size() < 2 || (text[0] != '-' && text[0] != '+')) break;
      if (text.find_first_of("mpo") != std::string_view::npos) return false;
    }
    return words(command, i);
  }

  // unset, export, readonly, local, read: every variable they touch is named literally (so
  // PATH is never among them); unset -f (functions) and read's options with operands are not
  // admitted. `strict`: NAME alone, no NAME=value.
  bool name_operands(const syntax::SimpleCommand& command, bool strict) {
    for (std::size_t i = 1; i < command.words.size(); ++i) {
      const syntax::Word& w = command.words[i];
      if (w.parts.empty()) return false;
      const auto* literal = std::get_if<syntax::LiteralPart>(&w.parts[0].value);
      if (literal == nullptr) return false;
      std::string_view text = literal->text;
      if (text == "-r" || text == "-v" || text == "-p" || text == "--") {
        if (w.parts.size() != 1) return false;
        continue;
      }
      std::size_t equals = text.find('=');
      if (equals == std::string_view::npos) {
        if (w.parts.size() != 1) return false;
      } else if (strict) {
        return false;
      }
      std::string_view name = text.substr(0, equals);
      if (!Variables::is_name(name) || !variable(name) || !word(w)) return false;
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

  // A variable the body may assign: any but PATH, whose putting back would clear the
  // parent's command hash. (The journal saves the others; getopts' position is saved too.)
  static bool variable(std::string_view name) { return name != "PATH"; }

  const Shell& shell_;
  bool unbounded_ = false;
  Needs needs_;
  std::vector<std::string_view> calling_;
  const syntax::ListItem* tail_ = nullptr;
};

// The working directory, kept open to go back to (a path could be renamed meanwhile).
int open_directory() {
  int fd = ::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  return move_to_shell_range(fd);
}

// The state an admitted body can change, saved on entry and put back on every way out.
// Whether a body certainly writes to no fd, so that no SIGPIPE can come of it and none need be
// held (three system calls per virtual subshell): simple commands alone, without redirection or
// assignment, whose words have no expansion at all, naming `:`, true, false or, where standard
// output is captured (`captured`: $( ) and a pipeline's element), echo; no xtrace.
bool plain_word(const syntax::WordParts& parts, bool quoted) {
  for (const syntax::WordPart& part : parts) {
    const auto& v = part.value;
    if (std::holds_alternative<syntax::LiteralPart>(v) ||
        std::holds_alternative<syntax::EscapedPart>(v)) {
      continue;
    }
    if (!quoted && std::holds_alternative<syntax::SingleQuotedPart>(v)) continue;
    const auto* dq = std::get_if<syntax::DoubleQuotedPart>(&v);
    if (quoted || dq == nullptr || !plain_word(dq->parts, true)) return false;
  }
  return true;
}

bool writes_no_fd(const Shell& shell, const syntax::Command& command, bool captured) {
  if (shell.options.get(Option::XTrace)) return false;
  const auto* simple = std::get_if<syntax::SimpleCommand>(&command.value);
  if (simple == nullptr || !simple->redirections.empty() || !simple->assignments.empty() ||
      simple->words.empty()) {
    return false;
  }
  const syntax::LiteralPart* name = literal_word(simple->words[0]);
  if (name == nullptr) return false;
  if (name->text != ":" && name->text != "true" && name->text != "false" &&
      !(captured && name->text == "echo")) {
    return false;
  }
  if (shell.builtins.find(name->text) == nullptr ||
      shell.functions.find(std::string(name->text)) != shell.functions.end()) {
    return false;
  }
  for (const syntax::Word& word : simple->words) {
    if (!plain_word(word.parts, false)) return false;
  }
  return true;
}

bool writes_no_fd(const Shell& shell, const syntax::CommandList& list, bool captured) {
  for (const syntax::ListItem& item : list.items) {
    if (item.async) return false;
    for (const syntax::AndOrLink& link : item.and_or.links) {
      if (link.pipeline.timed || link.pipeline.commands.size() != 1 ||
          !writes_no_fd(shell, link.pipeline.commands[0], captured)) {
        return false;
      }
    }
  }
  return true;
}

class SubshellScope {
 public:
  // `directory`: an fd open on the working directory when the body may change it, else -1.
  // `hold_pipe`: false when the body certainly writes to no fd (writes_no_fd).
  SubshellScope(Shell& shell, const Needs& needs, int directory, bool hold_pipe)
      : shell_(shell),
        last_status_(shell.last_status),
        substitution_status_(shell.substitution_status),
        where_(shell.where),
        interactive_(shell.interactive),
        in_subshell_(shell.in_subshell),
        capture_(shell.stdout_capture),
        exit_requested_(shell.exit_requested),
        exit_status_(shell.exit_status),
        flow_(shell.flow),
        flow_levels_(shell.flow_levels),
        options_(shell.options),
        getopts_position_(shell.getopts_position),
        directory_(directory) {
    if (needs.positional) positional_ = shell.positional;
    if (needs.umask) {
      umask_ = ::umask(0);
      ::umask(*umask_);
    }
    outer_journal_ = shell.vars.attach_journal(&journal_);
    if (hold_pipe && !shell.sigpipe_held) hold_sigpipe();
    ++shell.virtual_subshells;
    shell.interactive = false;
    shell.in_subshell = true;
  }
  ~SubshellScope() {
    // Put back with no journal attached: what this body changed is undone, so an enclosing
    // virtual subshell has nothing to record (recording would take this body's values for
    // the ones it must put back).
    shell_.vars.attach_journal(nullptr);
    try {
      shell_.vars.restore(journal_);
    } catch (...) {
      // No memory to put a name back: nothing better can be done here.
    }
    if (outer_journal_ != nullptr) {
      unsigned outer_generation = outer_journal_->optind_generation;
      shell_.vars.attach_journal(outer_journal_);
      outer_journal_->optind_generation = outer_generation;
    }
    if (positional_) shell_.positional = std::move(*positional_);
    if (umask_) ::umask(*umask_);
    if (directory_ >= 0) {
      // The directory was open; fchdir to it fails only if it is no longer searchable, and
      // then the parent goes on where the body left it, as after a failed cd.
      if (::fchdir(directory_) != 0) shell_.error("cannot return to the working directory");
      ::close(directory_);
    }
    shell_.options = options_;
    shell_.vars.export_all = options_.get(Option::AllExport);
    shell_.getopts_position = std::move(getopts_position_);
    shell_.exit_requested = exit_requested_;
    shell_.exit_status = exit_status_;
    shell_.flow = flow_;
    shell_.flow_levels = flow_levels_;
    shell_.last_status = last_status_;
    shell_.substitution_status = substitution_status_;
    shell_.where = where_;
    shell_.interactive = interactive_;
    shell_.in_subshell = in_subshell_;
    shell_.stdout_capture = capture_;
    --shell_.virtual_subshells;
    if (holds_sigpipe_) release_sigpipe();
  }
  SubshellScope(const SubshellScope&) = delete;
  SubshellScope& operator=(const SubshellScope&) = delete;

 private:
  // A child writing to a reader gone dies of SIGPIPE, and its parent goes on. Here the signal
  // is held while the body runs: a builtin's write fails with EPIPE instead and ends the body
  // with the status of that death (builtins/output.h), and the signal is taken back at the end.
  // With SIGPIPE ignored the child would have seen EPIPE too: nothing to do. A trap on it is
  // held the same way: a subshell has the default action back (XCU 2.12), so the child would
  // have died of it and the parent's trap would not have run.
  void hold_sigpipe() {
    if (shell_.signals.current(SIGPIPE) == SignalState::Disposition::Ignored) return;
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    if (::sigprocmask(SIG_BLOCK, &pipe_signal, &saved_mask_) != 0) return;
    if (sigismember(&saved_mask_, SIGPIPE) == 1) return;  // already held by someone else
    holds_sigpipe_ = true;
    shell_.sigpipe_held = true;
  }
  void release_sigpipe() {
    shell_.sigpipe_held = false;
    sigset_t pending;
    if (::sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_signal;
      sigemptyset(&pipe_signal);
      sigaddset(&pipe_signal, SIGPIPE);
      struct timespec no_wait {};
      ::sigtimedwait(&pipe_signal, nullptr, &no_wait);
    }
    ::sigprocmask(SIG_SETMASK, &saved_mask_, nullptr);
  }

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
  int flow_levels_;
  Options options_;
  GetoptsPosition getopts_position_;
  int directory_;
  std::optional<std::vector<std::string>> positional_;
  std::optional<mode_t> umask_;
  Variables::Journal journal_;
  Variables::Journal* outer_journal_ = nullptr;
  bool holds_sigpipe_ = false;
  sigset_t saved_mask_{};
};

// Runs `run` in a SubshellScope when `admission` needs no more than the shell can save (the
// working directory must be open): its result, or nullopt when nothing was run.
template <typename Run>
auto in_scope(Shell& shell, const Admission& admission, bool hold_pipe, Run run)
    -> std::optional<decltype(run())> {
  int directory = -1;
  if (admission.needs().directory) {
    directory = open_directory();
    if (directory < 0) return std::nullopt;
  }
  SubshellScope scope(shell, admission.needs(), directory, hold_pipe);
  return run();
}

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
  // stdout onto the write end, then the command's own redirections.
  const StdoutToPipe onto_pipe = stdout_to_pipe(fds);
  std::vector<spawn::FdAction> actions(onto_pipe.span().begin(), onto_pipe.span().end());
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
  Admission admission(shell, true);
  if (!admission.list(body)) return std::nullopt;
  // As in a child; no EXIT trap can have been set (`trap` is not admitted).
  return in_scope(shell, admission, !writes_no_fd(shell, body, false), [&] {
    return subshell_status(shell, [&](Shell&) { return execute(shell, body); });
  });
}

std::optional<std::string> virtual_command_substitution(Shell& shell,
                                                        const syntax::Program& program) {
  Admission admission(shell, true);
  if (!admission.program(program)) return std::nullopt;
  std::string output;
  bool quiet = admission.tail() == nullptr &&
               std::all_of(program.commands.begin(), program.commands.end(),
                           [&](const syntax::CompleteCommand& list) {
                             return writes_no_fd(shell, list, true);
                           });
  std::optional<int> status = in_scope(shell, admission, !quiet, [&] {
    shell.stdout_capture = &output;
    const syntax::ListItem* tail = admission.tail();
    return subshell_status(shell, [&](Shell&) {
      if (tail == nullptr) return execute(shell, program);
      int before = execute_before(shell, program, tail);
      if (unwinding(shell)) return before;
      return run_program_tail(shell, tail->and_or.links[0].pipeline.commands[0], output);
    });
  });
  if (!status) return std::nullopt;
  shell.substitution_status = *status;
  std::erase(output, '\0');  // NUL bytes dropped, as dash does
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

std::optional<CapturedElement> run_virtual_element(Shell& shell, const syntax::Command& command) {
  // With SIGPIPE ignored, a child writing to a pipe nobody reads would report a write error;
  // the bytes written afterwards by write_captured could not say it the same way.
  if (shell.signals.current(SIGPIPE) == SignalState::Disposition::Ignored) return std::nullopt;
  Admission admission(shell, false);
  if (!admission.element(command)) return std::nullopt;
  CapturedElement element;
  std::optional<int> status = in_scope(shell, admission, !writes_no_fd(shell, command, true), [&] {
    shell.stdout_capture = &element.output;
    return subshell_status(shell, [&](Shell&) { return execute_command(shell, command); });
  });
  if (!status) return std::nullopt;
  element.status = *status;
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
