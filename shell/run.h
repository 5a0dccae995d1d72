// The command loop: text in, commands run, until the input ends or `exit`.
#pragma once

#include <string>
#include <string_view>

namespace spawnsh {

class Shell;
class LineSource;
class ScriptPieces;

// Runs a whole text (a -c string, a file given to `.`) command by command, so commands before
// a syntax error have run. Returns the shell's exit status.
int run_text(Shell& shell, std::string text);

// Runs the script operand (`spawnsh FILE`) as it is read, a piece of whole lines at a time:
// each command runs once it is complete, and only the text not yet run is kept. `name` names
// the script in syntax errors. Returns the shell's exit status.
int run_script(Shell& shell, ScriptPieces& script, std::string_view name);

// Reads commands a line at a time (the terminal or a pipe on stdin), asking for continuation
// lines (PS2) while a command is incomplete. Returns the shell's exit status. `name` names the
// input in syntax errors: by default "stdin", or "spawnsh" when interactive.
int run_lines(Shell& shell, LineSource& input, std::string_view name = {});

}  // namespace spawnsh
