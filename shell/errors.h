// Errors that abort the command being run (XCU 2.8.1). The message has already been printed
// where the error was found; the exception carries the status, and whether a non-interactive
// shell must exit (expansion errors, special-builtin errors, redirection errors of special
// builtins) or only the command fails.
#pragma once

namespace spawnsh {

struct CommandError {
  int status = 2;
  bool exits_shell = true;  // in a non-interactive shell
};

}  // namespace spawnsh
