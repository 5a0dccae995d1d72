// spawnsh: start-up. Kept lean: nothing here runs that a `spawnsh -c :` does not need.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

#include "app/applets.h"
#include "app/cli.h"
#include "app/compare_main.h"
#include "app/install_links.h"
#include "app/startup_files.h"
#include "builtins/builtins.h"
#include "shell/exec/emulated_child.h"
#include "shell/exec/trap_runner.h"
#include "shell/init.h"
#include "shell/interactive/line_source.h"
#include "shell/interactive/session_history.h"
#include "shell/log.h"
#include "shell/out_of_memory.h"
#include "shell/run.h"
#include "shell/script_file.h"
#include "shell/shell.h"
#include "spawn/no_fork.h"

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
  if (inv.backend) {
    backend = *inv.backend;
  } else if (const char* env = std::getenv("SPAWNSH_SPAWN"); env != nullptr && *env != '\0') {
    if (!spawn::parse_backend(env, backend)) {
      std::fprintf(stderr,
                   "spawnsh: SPAWNSH_SPAWN=%s: unknown backend (valid: fork, vfork, clone, "
                   "posix_spawn, emulated, auto)\n",
                   env);
      return kUsageError;
    }
  }
  shell.launcher.set_backend(backend);
  if (inv.no_fork_enforced) {
    if (int error = spawn::forbid_fork(); error != 0) {
      std::fprintf(stderr, "spawnsh: --no-fork-seccomp: cannot install the filter: %s\n",
                   std::strerror(error));
      return kUsageError;
    }
  }
  const char* no_fork_env = std::getenv("SPAWNSH_NO_FORK");
  shell.launcher.set_no_fork(inv.no_fork || (no_fork_env != nullptr && *no_fork_env != '\0'));
  std::string channel = inv.emulated_channel;
  if (const char* env = std::getenv("SPAWNSH_EMULATED_CHANNEL"); channel.empty() && env != nullptr) {
    channel = env;
  }
  if (!channel.empty() && channel != "serialize" && channel != "image") {
    std::fprintf(stderr,
                 "spawnsh: SPAWNSH_EMULATED_CHANNEL=%s: unknown channel (valid: serialize, "
                 "image)\n",
                 channel.c_str());
    return kUsageError;
  }
  shell.launcher.set_emulated_image(channel == "image");
  shell.launcher.on_fallback(log_fallback, nullptr);
  return std::nullopt;
}

// The shell's last act: the EXIT trap, which may change the status with `exit`.
int finish(Shell& shell, int status) {
  // Without an exit under way the input ended (or a syntax error ended it) with `status`.
  if (!shell.exit_requested) shell.request_exit(status);
  exec::run_exit_trap(shell);
  save_history(shell);  // an interactive shell's session, appended to HISTFILE
  end_job_control(shell);
  return shell.exit_status;
}

// What every mode does before its first command: the variables the shell sets for itself,
// interactive signal handling, and the start-up files. Returns true when a file ran `exit`.
bool start(Shell& shell, bool login, bool ids_differed, bool monitor_given) {
  initialize_variables(shell);
  if (shell.interactive) {
    make_interactive(shell);
    // An interactive shell does job control unless told not to (+m).
    if (!monitor_given) shell.options.set(Option::Monitor, true);
  }
  apply_monitor_option(shell);
  read_startup_files(shell, login, ids_differed);
  return shell.exit_requested;
}

// The hidden entry of the emulated backend (spawn::kEmulatedChildArg0): a child that runs
// shell code, its state in the fd named by argv[1]. It reads no command line and no start-up
// file; it never returns.
[[noreturn]] void run_emulated_child(char** argv) {
  Shell shell;
  install_out_of_memory_handler(shell.name, shell.where);
  shell.builtins = BuiltinTable(builtins::table());
  shell.launcher.on_fallback(log_fallback, nullptr);
  exec::run_emulated_child(shell, argv[1]);
}

int run(int argc, char** argv) {
  Invocation inv;
  if (auto status = parse_command_line(argc, argv, inv)) return *status;
  if (inv.log_level) log::set_level(*inv.log_level);

  Shell shell;
  install_out_of_memory_handler(shell.name, shell.where);
  shell.builtins = BuiltinTable(builtins::table());
  shell.dump_ast = inv.dump_ast;
  if (auto status = choose_backend(shell, inv)) return *status;
  for (auto [option, on] : inv.option_changes) shell.options.set(option, on);
  shell.vars.export_all = shell.options.get(Option::AllExport);
  shell.vars.import_environment(environ);
  shell.positional = std::move(inv.args);
  shell.arg0 = argc > 0 ? argv[0] : "spawnsh";
  shell.root_pid = ::getpid();
  // -l, or a name starting with '-' (how login(1) starts a shell).
  const bool login = inv.login || (argc > 0 && argv[0][0] == '-');
  // A set-user-ID or set-group-ID run: without -p the shell gives the privileges up at once, as
  // dash and bash do; with -p it keeps them. Either way it reads no ENV file (XCU sh, ENV).
  const bool ids_differed = ids_differ();
  bool monitor_given = false;
  for (auto [option, on] : inv.option_changes) monitor_given = monitor_given || option == Option::Monitor;
  if (ids_differed && !shell.options.get(Option::Privileged) && !drop_privileges()) {
    std::fprintf(stderr, "spawnsh: cannot drop privileges: %s\n", std::strerror(errno));
    return kUsageError;
  }
  // -i and +i decide; otherwise a shell reading commands from a terminal is interactive.
  shell.interactive = inv.interactive.value_or(
      inv.mode == Invocation::Mode::Stdin && ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO));

  switch (inv.mode) {
    case Invocation::Mode::CommandString:
      if (inv.arg0) shell.arg0 = *inv.arg0;
      if (start(shell, login, ids_differed, monitor_given)) return finish(shell, shell.exit_status);
      return finish(shell, run_text(shell, inv.command_string));
    case Invocation::Mode::Script: {
      shell.arg0 = inv.script;
      shell.source_name = inv.script;
      shell.where.source = shell.source_name;
      ScriptInput script = open_script(inv.script);
      if (script.status == ScriptInput::Status::CannotOpen) {
        // `spawnsh ls` from someone used to `busybox ls`: say that it was taken for a script.
        const bool maybe_applet = script.error == ENOENT && argc > 0 &&
                                  inv.script.find('/') == std::string::npos &&
                                  base_name(argv[0]).starts_with("spawnsh");
        std::fprintf(stderr, "spawnsh: cannot open %s: %s%s\n", inv.script.c_str(),
                     std::strerror(script.error),
                     maybe_applet ? " (not an applet either: spawnsh --list names them)" : "");
        return script.error == ENOENT ? kScriptNotFound : kScriptUnreadable;
      }
      if (script.status == ScriptInput::Status::Binary) {
        // As bash: running a program as a script would only print its bytes as errors.
        std::fprintf(stderr, "spawnsh: %s: cannot execute binary file\n", inv.script.c_str());
        return kScriptUnreadable;
      }
      if (start(shell, login, ids_differed, monitor_given)) return finish(shell, shell.exit_status);
      return finish(shell, run_script(shell, *script.pieces, inv.script));
    }
    case Invocation::Mode::Stdin: break;
  }

  shell.reads_stdin = true;
  if (start(shell, login, ids_differed, monitor_given)) return finish(shell, shell.exit_status);
  if (shell.interactive) start_history(shell);  // after the start-up files: they may set HISTFILE
  auto input = shell.interactive && ::isatty(STDIN_FILENO)
                   ? make_terminal_source(shell)
                   : make_fd_source(STDIN_FILENO, shell.interactive);
  int status = run_lines(shell, *input);
  return finish(shell, status);
}

// The shell under any of its names, a login one ("-sh", "-spawnsh") included: `--install` as
// the first argument links the applets (an option like --help, which works under every name),
// anything else is the shell's command line.
int run_shell(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--install") == 0) {
    return install_links(argc - 2, argv + 2, argv[0]);
  }
  return run(argc, argv);
}

// Which program argv asks for (app/applets.h). A name starting with '-' is a login shell; an
// applet's name runs that applet; "spawnsh" (or a renamed copy whose name starts with it:
// spawnsh-0.1, spawnsh.static) runs the applet its first argument names, as `busybox APPLET`
// does, and `spawnsh compare`. Any other name (sh, or a link named ash) is the shell, whose
// first operand is always a script (XCU sh): a script named echo runs as `spawnsh ./echo` or
// `spawnsh -- echo`.
int dispatch(int argc, char** argv) {
  std::string_view arg0 = argc > 0 ? argv[0] : "spawnsh";
  std::string_view name = base_name(arg0);
  if (arg0.starts_with('-')) return run_shell(argc, argv);
  if (const Applet* applet = find_applet(name); applet != nullptr && applet->run != nullptr) {
    return run_utility(*applet, argc, argv);
  }
  while (name.starts_with("spawnsh") && argc > 1) {
    std::string_view first = argv[1];
    if (first == "compare") return compare_main(argc, argv);
    const Applet* applet = find_applet(first);
    if (applet == nullptr) break;
    ++argv;  // as if run by that name: `spawnsh sh -c ...` is `sh -c ...`, $0 sh
    --argc;
    if (applet->run != nullptr) return run_utility(*applet, argc, argv);
    name = first;  // sh: the shell; spawnsh: look at the next argument again
  }
  return run_shell(argc, argv);
}

}  // namespace
}  // namespace spawnsh::app

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[0], spawnsh::spawn::kEmulatedChildArg0) == 0) {
    spawnsh::app::run_emulated_child(argv);
  }
  try {
    return spawnsh::app::dispatch(argc, argv);
  } catch (const spawnsh::OutOfMemory&) {
    return 2;  // before the commands (reading the script): already reported
  }
}
