// Where lines of input come from: GNU Readline at an interactive terminal, plain reads
// elsewhere. The command loop sees only this two-call interface, so tests and -c never touch
// readline.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace spawnsh {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // The next line without its newline, or nullopt at end of input. `prompt` is shown first
  // when the source is interactive.
  virtual std::optional<std::string> read_line(std::string_view prompt) = 0;
  // A complete command was read (for history).
  virtual void remember(std::string_view /*command*/) {}
};

// Reads fd 0 without reading past the end of the current line when fd 0 cannot seek (a pipe),
// so that commands run from the script can read the rest of it (XCU 2.1 / sh "INPUT FILES").
// Prompts go to stderr when `show_prompts`.
std::unique_ptr<LineSource> make_fd_source(int fd, bool show_prompts);

// GNU Readline with a history for the session.
std::unique_ptr<LineSource> make_readline_source();

}  // namespace spawnsh
