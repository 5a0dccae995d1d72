// Virtual subshells: `( ... )` and `$( ... )` run in this process, without a child, when the
// body provably needs none (what ksh93 calls a virtual subshell).
//
// Which bodies are admitted: shell/exec/subshell_admission.h.
//
// What the admitted body can change, saved before and put back after: every variable it
// changes (Variables' journal records each one as it was, at its first change), getopts'
// position and counter, the options, the positional parameters (when set or shift are there),
// the working directory (an fd opened on it, fchdir back, when cd is there), the umask (when
// umask is there), $?, the status of the last $( ), the command's location ($LINENO,
// messages), break/continue/return and exit requests, and the flags that make it a
// non-interactive subshell. Functions and aliases cannot change (no definition, no unset -f,
// no alias). `exit N`, a `set -e` failure and an error that ends a subshell end the body with
// their status. SIGPIPE is held meanwhile, trapped or not (a subshell has its default action
// back): a builtin whose write finds the reader gone ends the body with status 141, as the
// signal would have ended a child, and the shell goes on, no trap run. A body that cannot write
// to any fd (`:`, true, false, echo into a capture, plain words) needs no hold.
// Signals caught meanwhile stay pending: the parent runs their actions once the subshell is
// over, as it would after waiting for a child. `$$` is the parent's in a real subshell too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// `( body )` run in this process: its status, or nullopt (nothing run) when the body is not
// admitted and needs a real child.
std::optional<int> run_virtual_subshell(Shell& shell, const syntax::CommandList& body);

// `$( program )` run in this process: the output less trailing newlines, NUL bytes dropped,
// with shell.substitution_status set; nullopt (nothing run) when the program is not admitted.
// Builtins' standard output is appended to a buffer (Shell::stdout_capture): no pipe, no fd
// changed.
std::optional<std::string> virtual_command_substitution(Shell& shell,
                                                        const syntax::Program& program);

// The first element of a pipeline run in this shell (`echo x | cat`), when admitted like a
// subshell's body: its standard output captured whole, with its status; nullopt (nothing run)
// otherwise. The caller hands the bytes to the next element through the pipe.
struct CapturedElement {
  std::string output;
  int status = 0;
};
std::optional<CapturedElement> run_virtual_element(Shell& shell, const syntax::Command& command);

// Writes captured bytes to a pipe: -1 when all were written, else the status the writing
// child would have had (128+SIGPIPE when the reader is gone). Once the reader has started,
// SIGPIPE is held off meanwhile; before, the bytes must fit in the pipe's buffer. Any other
// failure is reported on stderr (status 1), as the builtin that wrote them would have.
int write_captured(const Shell& shell, int fd, std::string_view bytes, bool reader_started);

}  // namespace spawnsh::exec
