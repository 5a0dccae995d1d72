// Errors that abort the command being run (XCU 2.8.1). The message has already been printed
// where the error was found; the exception carries the status, and whether a non-interactive
// shell must exit (expansion errors, special-builtin errors, redirection errors of special
// builtins) or only the command fails.
#pragma once

namespace spawnsh {

struct CommandError {
  int status = 2;
  bool exits_shell = true;  // in a non-interactive shell
  // False for a failure `command` must not turn into a plain command failure: exec that could
  // not run its utility ends the shell even as `command exec` (XCU exec), whereas `command`
  // only takes away the fatality of special-builtin errors (XCU 2.14).
  bool command_suppresses = true;
};

}  // namespace spawnsh
