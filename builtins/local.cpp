// local [-] [name[=value]...]: not in POSIX, but dash, bash, busybox sh and mksh have it and
// /bin/sh scripts use it. Semantics are dash's: the variable is local to the function call
// being run (see shell/locals.h); `local x` without a value keeps the value x has; `local -`
// keeps the shell options for the call. Like dash, a special builtin: its errors end a
// non-interactive shell.
#include "builtins/builtins.h"
#include "shell/errors.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

[[noreturn]] void local_error(Shell& shell, const std::string& message) {
  shell.error("local: " + message);
  throw CommandError{2, true};
}

}  // namespace

int local(Shell& shell, std::span<const std::string> argv) {
  if (shell.local_scopes.empty()) local_error(shell, "not in a function");
  LocalScope& scope = shell.local_scopes.back();
  std::size_t first = argv.size() > 1 && argv[1] == "--" ? 2 : 1;
  for (std::size_t i = first; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "-") {
      if (!scope.options) scope.options = shell.options;
      continue;
    }
    std::size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (!Variables::is_name(name)) local_error(shell, name + ": bad variable name");
    const Variable* current = shell.vars.find(name);
    if (eq != std::string::npos && current != nullptr && current->readonly) {
      local_error(shell, name + ": is read only");
    }
    if (!scope.saves(name)) {
      scope.saved.emplace_back(name, current != nullptr ? std::optional<Variable>(*current)
                                                        : std::nullopt);
    }
    if (eq != std::string::npos) shell.vars.assign(name, std::string_view(arg).substr(eq + 1));
  }
  return 0;
}

}  // namespace spawnsh::builtins
