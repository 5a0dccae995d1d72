// Virtual subshells (see the header): an admitted body run with its state saved and restored.
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
#include "shell/exec/subshell_admission.h"
#include "shell/exec/simple_command.h"
#include "shell/expand/expand.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::exec {
namespace {

// The working directory, kept open to go back to (a path could be renamed meanwhile).
int open_directory() {
  int fd = ::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  return move_to_shell_range(fd);
}

// The state an admitted body can change, saved on entry and put back on every way out.
class SubshellScope {
 public:
  // `directory`: an fd open on the working directory when the body may change it, else -1.
  // `hold_pipe`: false when the body certainly writes to no fd (writes_no_fd).
  SubshellScope(Shell& shell, const SubshellNeeds& needs, int directory, bool hold_pipe)
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
auto in_scope(Shell& shell, const SubshellAdmission& admission, bool hold_pipe, Run run)
    -> std::optional<decltype(run())> {
  int directory = -1;
  if (admission.needs.directory) {
    directory = open_directory();
    if (directory < 0) return std::nullopt;
  }
  SubshellScope scope(shell, admission.needs, directory, hold_pipe);
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
  SubshellAdmission admission = admit_subshell(shell, body);
  if (!admission.admitted) return std::nullopt;
  // As in a child; no EXIT trap can have been set (`trap` is not admitted).
  return in_scope(shell, admission, !writes_no_fd(shell, body, false), [&] {
    return subshell_status(shell, [&](Shell&) { return execute(shell, body); });
  });
}

std::optional<std::string> virtual_command_substitution(Shell& shell,
                                                        const syntax::Program& program) {
  SubshellAdmission admission = admit_substitution(shell, program);
  if (!admission.admitted) return std::nullopt;
  std::string output;
  bool quiet = admission.program_tail == nullptr &&
               std::all_of(program.commands.begin(), program.commands.end(),
                           [&](const syntax::CompleteCommand& list) {
                             return writes_no_fd(shell, list, true);
                           });
  std::optional<int> status = in_scope(shell, admission, !quiet, [&] {
    shell.stdout_capture = &output;
    const syntax::ListItem* tail = admission.program_tail;
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
  SubshellAdmission admission = admit_pipeline_element(shell, command);
  if (!admission.admitted) return std::nullopt;
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
