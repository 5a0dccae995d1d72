#include "shell/exec/external.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>
#include <vector>

#include "shell/exec/redirect.h"
#include "shell/exec/shell_fds.h"
#include "shell/log.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "shell/timing/time_command.h"
#include "spawn/exec_plan.h"
#include "spawn/replace.h"
#include "spawn/wait.h"

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
// `nosuch 2>/dev/null` is quiet and `nosuch >f` truncates f. This does a child's fd actions on
// the shell itself for the length of the report, and undoes them.
class ActionsOnShell {
 public:
  ActionsOnShell() = default;
  ActionsOnShell(const ActionsOnShell&) = delete;
  ActionsOnShell& operator=(const ActionsOnShell&) = delete;
  ~ActionsOnShell() { undo(); }

  void undo() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->copy >= 0) {
        ::dup2(it->copy, it->fd);
        ::close(it->copy);
      } else {
        ::close(it->fd);
      }
    }
    saved_.clear();
  }

  // Returns the index of the action that failed (errno tells why), or -1. `already_done`: a
  // child made them before its exec failed, so files exist and must not be truncated again or
  // refused by noclobber.
  long apply(std::span<const spawn::FdAction> actions, bool already_done) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const spawn::FdAction& action = actions[i];
      save(action.fd);
      using Kind = spawn::FdAction::Kind;
      switch (action.kind) {
        case Kind::Open: {
          int flags = action.flags | O_CLOEXEC;
          if (already_done) flags &= ~(O_CREAT | O_EXCL | O_TRUNC);
          int got = ::open(action.path, flags, action.mode);
          if (got < 0) return static_cast<long>(i);
          if (got != action.fd) {
            ::dup2(got, action.fd);
            ::close(got);
          }
          break;
        }
        case Kind::Dup2:
          if (action.src != action.fd && ::dup2(action.src, action.fd) < 0) {
            return static_cast<long>(i);
          }
          break;
        case Kind::Close:
          ::close(action.fd);
          break;
      }
    }
    return -1;
  }

 private:
  struct Saved {
    int fd;
    int copy;  // -1: fd was not open
  };
  void save(int fd) {
    for (const Saved& s : saved_) {
      if (s.fd == fd) return;
    }
    saved_.push_back({fd, ::fcntl(fd, F_DUPFD_CLOEXEC, kShellFdBase)});
  }
  std::vector<Saved> saved_;
};

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
  ActionsOnShell redirected;
  if (error.stage == Stage::Exec) redirected.apply(command.fd_actions, true);
  if (error.stage == Stage::FdAction && error.action > 0) {
    std::size_t done = std::min(static_cast<std::size_t>(error.action), command.fd_actions.size());
    redirected.apply(command.fd_actions.first(done), true);
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

const std::string& self_executable() {
  static const std::string path = [] {
    char buffer[4096];
    ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("/bin/sh");
  }();
  return path;
}

const std::string* find_program(Shell& shell, const std::string& name) {
  // The default search path when PATH is unset, as dash has it.
  static constexpr std::string_view kDefaultPath =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  const std::string* path_var = shell.vars.value("PATH");
  std::string_view search_path = path_var != nullptr ? std::string_view(*path_var) : kDefaultPath;
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
    std::vector<std::string_view> script_argv{self_executable(), path};
    for (std::size_t i = 1; i < argv.size(); ++i) script_argv.push_back(argv[i]);
    spawn::CStringArray script_args(script_argv);
    plan.path = self_executable().c_str();
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
    ActionsOnShell redirected;
    long failed = redirected.apply(command.fd_actions, false);
    if (failed >= 0) {
      int error = errno;
      redirected.undo();  // a failed redirection is reported where the shell's errors go
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
  plan.signal_mask = shell.signals.child_mask();
  plan.reset_signals = shell.signals.changed();

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
  script_argv.push_back(self_executable());
  script_argv.push_back(path);
  for (std::size_t i = 1; i < command.argv.size(); ++i) script_argv.push_back(command.argv[i]);
  spawn::CStringArray script_args(script_argv);
  plan.path = self_executable().c_str();
  plan.argv = script_args.data();
  started = start(shell, plan, record);
  if (started.ok) return true;
  status = report_failure(shell, command, plan.path, started.error);
  return false;
}

int wait_job(Shell& shell, std::vector<spawn::ProcessRecord>& processes) {
  int status = 0;
  for (spawn::ProcessRecord& record : processes) {
    if (record.done || record.pid <= 0) {
      status = record.status.shell_status();
      continue;
    }
    spawn::Reaped reaped;
    if (!spawn::reap(record.pid, 0, reaped)) {
      shell.error("wait: " + describe_errno(errno));
      status = 1;
      continue;
    }
    record.ended = spawn::Clock::now();
    record.status = reaped.status;
    record.usage = reaped.usage;
    record.done = true;
    shell.children_usage += reaped.usage;
    timing::note_reaped(shell, record);
    status = reaped.status.shell_status();
  }
  shell.last_job = processes;
  timing::report_if_expensive(shell, processes);
  // A foreground job killed by ^C leaves the cursor after "^C": start the next prompt on a line
  // of its own.
  if (shell.interactive && !processes.empty() && processes.back().status.is_signaled() &&
      processes.back().status.signal() == SIGINT) {
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, "\n", 1);
  }
  return status;
}

int run_external(Shell& shell, const ExternalCommand& command) {
  std::vector<spawn::ProcessRecord> job(1);
  int status = 0;
  if (!start_external(shell, command, job[0], status)) return status;
  return wait_job(shell, job);
}

void reap_background(Shell& shell) {
  if (shell.jobs.empty()) return;
  spawn::Reaped reaped;
  while (spawn::reap(-1, WNOHANG, reaped) && reaped.pid > 0) {
    // Newest first: a child that just ended most likely belongs to a recent job.
    auto record = [&] {
      for (auto job = shell.jobs.rbegin(); job != shell.jobs.rend(); ++job) {
        for (spawn::ProcessRecord& p : job->processes) {
          if (p.pid != reaped.pid) continue;
          p.ended = spawn::Clock::now();
          p.status = reaped.status;
          p.usage = reaped.usage;
          p.done = true;
          shell.children_usage += reaped.usage;
          timing::note_reaped(shell, p);
          return;
        }
      }
    };
    record();
  }
}

}  // namespace spawnsh
