#include "shell/exec/external.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "shell/log.h"
#include "shell/shell.h"
#include "spawn/exec_plan.h"
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

// Waits for one foreground process and records it.
int wait_for(Shell& shell, spawn::ProcessRecord& record) {
  spawn::Reaped reaped;
  if (!spawn::reap(record.pid, 0, reaped)) {
    shell.error("wait: " + describe_errno(errno));
    return 1;
  }
  record.ended = spawn::Clock::now();
  record.status = reaped.status;
  record.usage = reaped.usage;
  record.done = true;
  shell.children_usage += reaped.usage;
  return reaped.status.shell_status();
}

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

int report_failure(Shell& shell, std::string_view name, const char* path,
                   const spawn::SpawnError& error) {
  using Stage = spawn::SpawnError::Stage;
  switch (error.stage) {
    case Stage::Exec:
      if (error.error == ENOENT) {
        shell.error(std::string(name) + ": not found");
        return kNotFound;
      }
      if (error.error == EACCES && is_directory(path)) {
        shell.error(std::string(name) + ": Is a directory");
        return kCannotRun;
      }
      shell.error(std::string(name) + ": " + describe_errno(error.error));
      return kCannotRun;
    case Stage::Create:
      shell.error("cannot spawn " + std::string(name) + ": " + describe_errno(error.error));
      return kSpawnFailed;
    default:
      shell.error(std::string(name) + ": " + describe_errno(error.error));
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

int run_program(Shell& shell, std::span<const std::string> argv) {
  // The default search path when PATH is unset, as dash has it.
  static constexpr std::string_view kDefaultPath =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  const std::string& name = argv[0];
  const std::string* path_var = shell.vars.value("PATH");
  std::string_view search_path = path_var != nullptr ? std::string_view(*path_var) : kDefaultPath;
  const std::string* found =
      shell.command_hash.find(name, search_path, shell.vars.path_generation());
  if (found == nullptr) {
    shell.error(name + ": not found");
    return kNotFound;
  }
  const std::string path = *found;  // the hash may change below

  spawn::CStringArray args(argv);
  spawn::ExecPlan plan;
  plan.path = path.c_str();
  plan.argv = args.data();
  plan.envp = shell.vars.environment();
  plan.signal_mask = shell.signals.child_mask();
  plan.reset_signals = shell.signals.changed();

  shell.last_job.clear();
  spawn::ProcessRecord& record = shell.last_job.emplace_back();
  Started started = start(shell, plan, record);
  if (started.ok) return wait_for(shell, record);

  const spawn::SpawnError& error = started.error;
  if (error.stage == spawn::SpawnError::Stage::Exec && error.error == ENOENT) {
    shell.command_hash.forget(name);
  }
  if (error.stage != spawn::SpawnError::Stage::Exec || error.error != ENOEXEC) {
    shell.last_job.clear();
    return report_failure(shell, name, path.c_str(), error);
  }

  // ENOEXEC: run the file as a script with a new spawnsh, $0 being the path (XCU 2.9.1.1).
  if (looks_like_binary(path.c_str())) {
    shell.last_job.clear();
    shell.error(name + ": cannot execute binary file");
    return kCannotRun;
  }
  std::vector<std::string_view> script_argv;
  script_argv.reserve(argv.size() + 1);
  script_argv.push_back(self_executable());
  script_argv.push_back(path);
  for (std::size_t i = 1; i < argv.size(); ++i) script_argv.push_back(argv[i]);
  spawn::CStringArray script_args(script_argv);
  plan.path = self_executable().c_str();
  plan.argv = script_args.data();
  started = start(shell, plan, record);
  if (started.ok) return wait_for(shell, record);
  shell.last_job.clear();
  return report_failure(shell, name, plan.path, started.error);
}

}  // namespace spawnsh
