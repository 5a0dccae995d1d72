#include "shell/init.h"

#include <sys/stat.h>
#include <unistd.h>
#include <vector>

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

void ignore_interrupt(int) {}

}  // namespace

void initialize_variables(Shell& shell) {
  Variables& vars = shell.vars;
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
}

bool drop_privileges() {
  // The group first: once the user id is dropped, changing the group may no longer be allowed.
  return ::setgid(::getgid()) == 0 && ::setuid(::getuid()) == 0;
}

bool ids_differ() { return ::getuid() != ::geteuid() || ::getgid() != ::getegid(); }

void make_interactive(Shell& shell) {
  shell.signals.set(SIGTERM, SIG_IGN);
  shell.signals.set(SIGQUIT, SIG_IGN);
  // Caught, not ignored: the foreground child still gets the terminal's SIGINT and dies, and
  // the shell goes on to the next prompt.
  shell.signals.set(SIGINT, ignore_interrupt);
}

}  // namespace spawnsh
