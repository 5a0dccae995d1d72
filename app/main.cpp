// spawnsh: start-up. Kept lean: nothing here runs that a `spawnsh -c :` does not need.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

#include "app/cli.h"
#include "app/compare_main.h"
#include "builtins/builtins.h"
#include "shell/init.h"
#include "shell/interactive/line_source.h"
#include "shell/log.h"
#include "shell/run.h"
#include "shell/script_file.h"
#include "shell/shell.h"

extern char** environ;

namespace spawnsh::app {
namespace {

constexpr int kUsageError = 2;
constexpr int kScriptNotFound = 127;  // XCU sh, EXIT STATUS
constexpr int kScriptUnreadable = 126;

void log_fallback(spawn::Backend wanted, spawn::Backend used, void*) {
  log::debug("{} cannot run this plan; fell back to {}", spawn::backend_name(wanted),
             spawn::backend_name(used));
}

// --spawn, else $SPAWNSH_SPAWN, else auto. Returns an exit status on a bad choice.
std::optional<int> choose_backend(Shell& shell, const Invocation& inv) {
  spawn::Backend backend = spawn::Backend::Auto;
  std::string origin = "--spawn";
  if (inv.backend) {
    backend = *inv.backend;
  } else if (const char* env = std::getenv("SPAWNSH_SPAWN"); env != nullptr && *env != '\0') {
    origin = "SPAWNSH_SPAWN";
    if (!spawn::parse_backend(env, backend)) {
      std::fprintf(stderr,
                   "spawnsh: SPAWNSH_SPAWN=%s: unknown backend (valid: fork, vfork, clone, "
                   "posix_spawn, emulated, auto)\n",
                   env);
      return kUsageError;
    }
  }
  if (!shell.launcher.set_backend(backend)) {
    std::fprintf(stderr, "spawnsh: %s=%s: the emulated backend is not built yet\n",
                 origin.c_str(), std::string(spawn::backend_name(backend)).c_str());
    return kUsageError;
  }
  shell.launcher.on_fallback(log_fallback, nullptr);
  return std::nullopt;
}

// The shell's last act: the EXIT trap, which may change the status with `exit`.
int finish(Shell& shell, int status) {
  if (!shell.exit_requested) {
    shell.exit_requested = true;
    shell.exit_status = status;
  }
  shell.traps.run_exit(shell);
  return shell.exit_status;
}

int run(int argc, char** argv) {
  Invocation inv;
  if (auto status = parse_command_line(argc, argv, inv)) return *status;
  if (inv.log_level) log::set_level(*inv.log_level);

  Shell shell;
  shell.builtins = BuiltinTable(builtins::table());
  shell.dump_ast = inv.dump_ast;
  if (auto status = choose_backend(shell, inv)) return *status;
  for (auto [option, on] : inv.option_changes) shell.options.set(option, on);
  shell.vars.export_all = shell.options.get(Option::AllExport);
  shell.vars.import_environment(environ);
  shell.positional = std::move(inv.args);
  shell.arg0 = argc > 0 ? argv[0] : "spawnsh";
  shell.root_pid = ::getpid();

  switch (inv.mode) {
    case Invocation::Mode::CommandString:
      if (inv.arg0) shell.arg0 = *inv.arg0;
      initialize_variables(shell);
      return finish(shell, run_text(shell, inv.command_string));
    case Invocation::Mode::Script: {
      shell.arg0 = inv.script;
      shell.source_name = inv.script;
      shell.where.source = shell.source_name;
      std::string text;
      int err = 0;
      if (!read_script_file(inv.script, text, err)) {
        std::fprintf(stderr, "spawnsh: cannot open %s: %s\n", inv.script.c_str(),
                     std::strerror(err));
        return err == ENOENT ? kScriptNotFound : kScriptUnreadable;
      }
      initialize_variables(shell);
      return finish(shell, run_text(shell, std::move(text)));
    }
    case Invocation::Mode::Stdin: break;
  }

  bool terminal = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
  shell.interactive = inv.force_interactive || terminal;
  shell.reads_stdin = true;
  initialize_variables(shell);
  if (shell.interactive) make_interactive(shell);
  auto input = shell.interactive && ::isatty(STDIN_FILENO)
                   ? make_readline_source()
                   : make_fd_source(STDIN_FILENO, shell.interactive);
  int status = run_lines(shell, *input);
  if (shell.interactive && !shell.exit_requested) std::fputc('\n', stderr);
  return finish(shell, status);
}

}  // namespace
}  // namespace spawnsh::app

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "compare") == 0) return spawnsh::app::compare_main(argc, argv);
  return spawnsh::app::run(argc, argv);
}
