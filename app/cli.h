// The command line (XCU sh, SYNOPSIS): spawnsh [options] [script [args...]],
// spawnsh [options] -c string [name [args...]], spawnsh [options] -s [args...]. Options are
// -abCefhlmnpuvx and -o NAME (set them) or the same with '+' (unset them), combined freely
// ("-ex", "+ex", "-eo pipefail"), with -c, -s and -i/+i; "--" or "-" ends them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shell/log.h"
#include "shell/options.h"
#include "spawn/spawn.h"

namespace spawnsh::app {

struct Invocation {
  enum class Mode { Stdin, CommandString, Script };
  Mode mode = Mode::Stdin;
  std::optional<bool> interactive;  // -i forces an interactive shell, +i refuses one
  bool login = false;                // -l (argv[0] starting with '-' is checked by the caller)
  bool dump_ast = false;           // --dump-ast: print the syntax tree instead of running
  std::vector<std::pair<Option, bool>> option_changes;  // -e, +o nounset, ... in order
  std::optional<spawn::Backend> backend;                 // --spawn
  std::optional<log::Level> log_level;                   // --log-level
  bool no_fork = false;                                  // --no-fork
  bool no_fork_enforced = false;                         // --no-fork-seccomp (a test mode)
  std::string emulated_channel;                          // --emulated-channel (empty: not given)
  std::string command_string;                            // -c
  std::string script;                                    // the script operand
  std::optional<std::string> arg0;                       // -c's name operand
  std::vector<std::string> args;                         // $1 ...
};

// Parses argv. Returns an exit status when the shell should stop now (--help, --version: 0;
// a bad option: 2, with a one-line message on stderr), or nullopt to go on.
std::optional<int> parse_command_line(int argc, char** argv, Invocation& out);

}  // namespace spawnsh::app
