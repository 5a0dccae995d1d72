#include "shell/exec/external.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "shell/exec/redirect.h"
#include "shell/exec/fd_changes.h"
#include "shell/log.h"
#include "shell/shell.h"
#include "spawn/exec_plan.h"
#include "spawn/replace.h"
#include "spawn/self.h"

namespace spawnsh {
namespace {

constexpr int kNotFound = 127;
constexpr int kCannotRun = 126;
constexpr int kSpawnFailed = 2;  // as dash does for a failed fork or redirection

// POSIX (XCU 2.9.1.1) has a file that execve rejects with ENOEXEC run as a shell script; like
// other shells we refuse what is plainly a binary (a NUL byte in its first line).
bool looks_like_binary(const char* path) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[256];
  ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  for (ssize_t i = 0; i < n && head[i] != '\n'; ++i) {
    if (head[i] == '\0') return true;
  }
  return false;
}

bool is_directory(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

std::string describe_errno(int err) { return std::strerror(err); }

// A command that cannot be started still has its redirections made (XCU 2.9.1 performs them
// before the command search), and its error goes to the standard error they set up: so
// `nosuch 2>/dev/null` is quiet and `nosuch >f` truncates f. The child's fd actions are done on
// the shell itself (ShellFdChanges) for the length of the report, and undone.

struct Started {
  bool ok = false;
  spawn::SpawnError error;
};

Started start(Shell& shell, const spawn::ExecPlan& plan, spawn::ProcessRecord& record) {
  record.started = spawn::Clock::now();
  auto launched = shell.launcher.launch(plan);
  record.pid = launched.pid;
  record.backend = launched.used;
  log::trace("spawn {} via {}: pid {}", plan.path, spawn::backend_name(launched.used),
             launched.pid);
  return {!launched.error, launched.error};
}

// Reports a failed redirection of `command`, its action at `index` having failed with `error`.
int report_redirection_failure(Shell& shell, const ExternalCommand& command, std::size_t index,
                               int error) {
  if (command.redirections != nullptr && index >= command.redirection_base) {
    shell.error(
        command.redirections->describe_failure(index - command.redirection_base, error));
  } else {
    shell.error(command.argv[0] + ": " + describe_errno(error));
  }
  return kSpawnFailed;
}

int report_failure(Shell& shell, const ExternalCommand& command, const char* path,
                   const spawn::SpawnError& error) {
  using Stage = spawn::SpawnError::Stage;
  const std::string& name = command.argv[0];
  // The child had made its redirections up to the failure: the message goes where they say.
  ShellFdChanges redirected;
  if (error.stage == Stage::Exec) redirected.apply_all(command.fd_actions, true);
  if (error.stage == Stage::FdAction && error.action > 0) {
    std::size_t done = std::min(static_cast<std::size_t>(error.action), command.fd_actions.size());
    redirected.apply_all(command.fd_actions.first(done), true);
  }
  switch (error.stage) {
    case Stage::Exec:
      if (error.error == ENOENT) {
        shell.error(name + ": not found");
        return kNotFound;
      }
      if (error.error == EACCES && is_directory(path)) {
        shell.error(name + ": Is a directory");
        return kCannotRun;
      }
      shell.error(name + ": " + describe_errno(error.error));
      return kCannotRun;
    case Stage::Create:
      shell.error("cannot spawn " + name + ": " + describe_errno(error.error));
      return kSpawnFailed;
    case Stage::FdAction:
      return report_redirection_failure(shell, command, static_cast<std::size_t>(error.action),
                                        error.error);
    default:
      shell.error(name + ": " + describe_errno(error.error));
      return kSpawnFailed;
  }
}

}  // namespace

const std::string* find_program(Shell& shell, const std::string& name) {
  // PATH unset (the shell set a default at start-up, so a script unset it): searched as an
  // empty PATH, the working directory only, as dash and bash do; POSIX leaves it to the shell.
  const std::string* path_var = shell.vars.value("PATH");
  std::string_view search_path = path_var != nullptr ? std::string_view(*path_var) : "";
  return shell.command_hash.find(name, search_path, shell.vars.path_generation());
}

int replace_shell(Shell& shell, std::span<const std::string> argv) {
  const std::string& name = argv[0];
  const std::string* found = find_program(shell, name);
  if (found == nullptr) {
    shell.error("exec: " + name + ": not found");
    return kNotFound;
  }
  const std::string path = *found;
  spawn::CStringArray args(argv);
  spawn::ExecPlan plan;
  plan.path = path.c_str();
  plan.argv = args.data();
  plan.envp = shell.vars.environment();
  plan.signal_mask = shell.signals.child_mask();
  plan.reset_signals = shell.signals.changed();
  int error = spawn::replace_process(plan);
  if (error == ENOEXEC && !looks_like_binary(path.c_str())) {
    std::vector<std::string_view> script_argv{spawn::self_executable(), path};
    for (std::size_t i = 1; i < argv.size(); ++i) script_argv.push_back(argv[i]);
    spawn::CStringArray script_args(script_argv);
    plan.path = spawn::self_executable().c_str();
    plan.argv = script_args.data();
    error = spawn::replace_process(plan);
  }
  shell.error("exec: " + name + ": " + describe_errno(error));
  return error == ENOENT ? kNotFound : kCannotRun;
}

bool start_external(Shell& shell, const ExternalCommand& command, spawn::ProcessRecord& record,
                    int& status) {
  const std::string& name = command.argv[0];
  const std::string* found = find_program(shell, name);
  if (found == nullptr) {
    ShellFdChanges redirected;
    long failed = redirected.apply_all(command.fd_actions);
    if (failed >= 0) {
      int error = errno;
      redirected.restore();  // a failed redirection is reported where the shell's errors go
      status = report_redirection_failure(shell, command, static_cast<std::size_t>(failed), error);
      return false;
    }
    shell.error(name + ": not found");
    status = kNotFound;
    return false;
  }
  const std::string path = *found;  // the hash may change below

  spawn::CStringArray args(command.argv);
  spawn::ExecPlan plan;
  plan.path = path.c_str();
  plan.argv = args.data();
  plan.envp = command.envp;
  plan.fd_actions = command.fd_actions;
  plan.group = command.group;
  plan.terminal_fd = command.terminal_fd;
  plan.signal_mask = shell.signals.child_mask();
  plan.reset_signals = shell.signals.changed();

  // Only without files to open: when the exec fails, the spawn below applies the actions
  // again, and opening twice is not harmless (noclobber's O_EXCL, a FIFO's second open).
  bool opens = std::any_of(command.fd_actions.begin(), command.fd_actions.end(),
                           [](const spawn::FdAction& a) {
                             return a.kind == spawn::FdAction::Kind::Open;
                           });
  if (command.replace_child && !opens &&
      command.group.policy == spawn::ProcessGroup::Policy::Inherit && command.terminal_fd < 0) {
    ShellFdChanges redirected;
    if (redirected.apply_all(command.fd_actions) >= 0) {
      redirected.restore();
    } else {
      spawn::replace_process(plan);
      redirected.restore();  // failed: spawned below, which says why
    }
  }

  Started started = start(shell, plan, record);
  if (started.ok) return true;

  const spawn::SpawnError& error = started.error;
  if (error.stage == spawn::SpawnError::Stage::Exec && error.error == ENOENT) {
    shell.command_hash.forget(name);
  }
  if (error.stage != spawn::SpawnError::Stage::Exec || error.error != ENOEXEC) {
    status = report_failure(shell, command, path.c_str(), error);
    return false;
  }

  // ENOEXEC: run the file as a script with a new spawnsh, $0 being the path (XCU 2.9.1.1).
  if (looks_like_binary(path.c_str())) {
    shell.error(name + ": cannot execute binary file");
    status = kCannotRun;
    return false;
  }
  std::vector<std::string_view> script_argv;
  script_argv.reserve(command.argv.size() + 1);
  script_argv.push_back(spawn::self_executable());
  script_argv.push_back(path);
  for (std::size_t i = 1; i < command.argv.size(); ++i) script_argv.push_back(command.argv[i]);
  spawn::CStringArray script_args(script_argv);
  plan.path = spawn::self_executable().c_str();
  plan.argv = script_args.data();
  started = start(shell, plan, record);
  if (started.ok) return true;
  status = report_failure(shell, command, plan.path, started.error);
  return false;
}

}  // namespace spawnsh
