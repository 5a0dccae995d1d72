// Where lines of input come from: a line editor at an interactive terminal (GNU Readline or
// spawnsh's own, as built), plain reads elsewhere. The command loop sees only this two-call interface, so tests and -c never touch
// readline.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace spawnsh {

class Shell;

// What a read gave: a line (without its newline), the end of the input, an interrupt (Ctrl-C
// at the prompt: the typed line is dropped), or a hangup (the terminal closed: the shell
// leaves with status 128+SIGHUP). After End or Interrupted at a prompt the cursor is at the
// start of a fresh line.
struct InputLine {
  enum class Kind { Line, End, Interrupted, HungUp };
  Kind kind = Kind::End;
  std::string text;

  static InputLine line(std::string text) { return {Kind::Line, std::move(text)}; }
  static InputLine end() { return {Kind::End, {}}; }
  static InputLine interrupted() { return {Kind::Interrupted, {}}; }
  static InputLine hung_up() { return {Kind::HungUp, {}}; }
};

class LineSource {
 public:
  virtual ~LineSource() = default;
  // The next line. `prompt` is shown first when the source is interactive.
  virtual InputLine read_line(std::string_view prompt) = 0;
};

// Reads fd 0 without reading past the end of the current line when fd 0 cannot seek (a pipe),
// so that commands run from the script can read the rest of it (XCU 2.1 / sh "INPUT FILES").
// Prompts go to stderr when `show_prompts` (without readline's invisible-text markers \1 \2).
std::unique_ptr<LineSource> make_fd_source(int fd, bool show_prompts);

// GNU Readline: the keymap follows `set -o vi`/`emacs`, the up-arrow list mirrors
// shell.history, Tab completes commands, files, variables, ~users and %jobs, and Ctrl-C drops
// the typed line.
// Only in a build with SPAWNSH_LINE_EDITOR=readline.
std::unique_ptr<LineSource> make_readline_source(Shell& shell);

// spawnsh's own small editor (line_editor.cpp): emacs-like keys, history from shell.history,
// Tab completion; plain lines (make_fd_source) when TERM=dumb.
std::unique_ptr<LineSource> make_line_editor(Shell& shell);

// The editor of an interactive shell at a terminal, as built: readline's, or spawnsh's own
// (SPAWNSH_LINE_EDITOR).
std::unique_ptr<LineSource> make_terminal_source(Shell& shell);

}  // namespace spawnsh
