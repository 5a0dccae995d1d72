#include "app/startup_files.h"

#include <string>

#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/interrupt.h"
#include "shell/expand/prompt.h"
#include "shell/script_file.h"
#include "shell/shell.h"

namespace spawnsh::app {
namespace {

// Runs a start-up file as `.` would, in this shell.
void run_startup_file(Shell& shell, const std::string& path) {
  if (path.empty() || shell.exit_requested) return;
  std::string text;
  int error = 0;
  if (!read_script_file(path, text, error)) return;
  try {
    exec::run_nested(shell, path, std::move(text));
  } catch (const CommandError& failure) {
    shell.last_status = failure.status;
    if (failure.exits_shell && !shell.interactive) shell.request_exit(failure.status);
  }
  finish_interrupt();  // a Ctrl-C ends this file, not the next one
  shell.flow = Flow::Normal;  // a `return` in the file ends only the file
  shell.flow_levels = 0;
}

}  // namespace

void read_startup_files(Shell& shell, bool login, bool ids_differed) {
  if (login) {
    run_startup_file(shell, "/etc/profile");
    const std::string* home = shell.vars.value("HOME");
    run_startup_file(shell, (home != nullptr ? *home : std::string()) + "/.profile");
  }
  if (!shell.interactive || ids_differed || shell.options.get(Option::Privileged)) return;
  const std::string* env = shell.vars.value("ENV");
  if (env == nullptr || env->empty()) return;
  run_startup_file(shell, expand::expand_prompt(shell, "ENV", *env));
}

}  // namespace spawnsh::app
