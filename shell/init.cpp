#include "shell/init.h"

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

#include "shell/interrupt.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

bool names_current_directory(const std::string& path) {
  struct stat a, b;
  return !path.empty() && path[0] == '/' && ::stat(path.c_str(), &a) == 0 &&
         ::stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void set_default(Variables& vars, std::string_view name, std::string_view value) {
  if (vars.value(name) == nullptr) vars.assign(name, value);
}

}  // namespace

void initialize_variables(Shell& shell) {
  Variables& vars = shell.vars;
  // The shell's own values are not exported by -a, which is for assignments (as in dash).
  const bool export_all = std::exchange(vars.export_all, false);
  const std::string* pwd = vars.value("PWD");
  if (pwd == nullptr || !names_current_directory(*pwd)) {
    std::vector<char> buffer(4096);
    if (::getcwd(buffer.data(), buffer.size()) != nullptr) vars.assign("PWD", buffer.data());
  }
  vars.assign("PPID", std::to_string(::getppid()));
  vars.assign("IFS", " \t\n");
  vars.assign("OPTIND", "1");
  set_default(vars, "PS1", ::geteuid() == 0 ? "# " : "$ ");
  set_default(vars, "PS2", "> ");
  set_default(vars, "PS4", "+ ");
  // Without PATH in the environment a shell still finds the standard utilities: it starts with
  // dash's default, unexported as in dash (a child gets no PATH it was not given).
  set_default(vars, "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  vars.export_all = export_all;
}

bool drop_privileges() {
  // The group first: once the user id is dropped, changing the group may no longer be allowed.
  return ::setgid(::getgid()) == 0 && ::setuid(::getuid()) == 0;
}

bool ids_differ() { return ::getuid() != ::geteuid() || ::getgid() != ::getegid(); }

void make_interactive(Shell& shell) {
  for (int sig : {SIGTERM, SIGQUIT, SIGINT}) restore_interactive_disposition(shell, sig);
}

bool restore_interactive_disposition(Shell& shell, int sig) {
  if (!shell.interactive) return false;
  switch (sig) {
    case SIGTERM:
    case SIGQUIT:
      shell.signals.set(sig, SIG_IGN);  // children get the default back
      return true;
    case SIGINT:
      // Caught, not ignored: a foreground child still gets the terminal's SIGINT and dies, and
      // a loop the shell runs itself ends at its next turn (shell/interrupt.h).
      shell.signals.set(SIGINT, note_interrupt);
      return true;
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      // At the prompt, ^Z and reading the terminal must not stop a shell doing job control.
      if (!shell.job_control.active || shell.job_control.terminal_fd < 0) return false;
      shell.signals.set(sig, SIG_IGN);
      return true;
    default:
      return false;
  }
}

}  // namespace spawnsh
