// The command loop: text in, commands run, until the input ends or `exit`.
#pragma once

#include <string>

namespace spawnsh {

class Shell;
class LineSource;

// Runs a whole text (a script's contents or a -c string) command by command, so commands before
// a syntax error have run. Returns the shell's exit status.
int run_text(Shell& shell, std::string text);

// Reads commands a line at a time (the terminal or a pipe on stdin), asking for continuation
// lines (PS2) while a command is incomplete. Returns the shell's exit status. `name` names the
// input in syntax errors: a script read as it arrives (spawnsh FIFO); by default "stdin", or
// "spawnsh" when interactive.
int run_lines(Shell& shell, LineSource& input, std::string_view name = {});

}  // namespace spawnsh
