// The public face of shell/exec: what builtins (and the command loop) may ask of execution.
// Builtins include this header, never the internal ones (tests/check_layers.sh enforces it).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "shell/syntax/parser.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// Runs a command given by its expanded words with the lookup of the `command` builtin (XCU
// command): special builtins, regular builtins, then PATH; functions are skipped. A special
// builtin's error throws CommandError with `command_suppresses` set, for `command` to catch.
int run_command_words(Shell& shell, std::span<const std::string> argv);

// Where `name` would be run from (PATH search, hashed), or nullptr.
const std::string* find_program(Shell& shell, const std::string& name);

// `exec argv...`: the shell becomes the program. Returns only on failure, with the status a
// shell reports (127 not found, 126 cannot run), after printing the error.
int replace_shell(Shell& shell, std::span<const std::string> argv);

// Runs `text` (named `name` in messages: a `.` file's path) in this shell, command by command,
// and returns the last command's status. A syntax error is reported and thrown as CommandError
// (it ends a non-interactive shell).
int run_nested(Shell& shell, std::string_view name, std::string text);

// eval's text: run_nested under the name "eval", whose commands keep the caller's location.
int run_eval_text(Shell& shell, std::string text);

// The parser options of this shell: its aliases (XCU 2.3.1), looked up as the text is parsed.
syntax::ParseOptions parse_options_for(Shell& shell);

}  // namespace spawnsh::exec
