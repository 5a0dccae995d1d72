#include "shell/run.h"

#include "shell/first/simple_eval.h"
#include "shell/first/simple_parser.h"
#include "shell/interactive/line_source.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

constexpr int kSyntaxErrorStatus = 2;

void syntax_error(Shell& shell, int line, const std::string& message) {
  Location saved = shell.where;
  shell.where.line = line;
  shell.error("syntax error: " + message);
  shell.where = saved;
  shell.last_status = kSyntaxErrorStatus;
}

// Runs every complete command in `text`; returns the reader's final state.
first::Reader::Result run_commands(Shell& shell, first::Reader& reader) {
  first::Command command;
  std::string message;
  for (;;) {
    auto r = reader.next(command, message);
    if (r == first::Reader::Result::Error) {
      syntax_error(shell, reader.line(), message);
      return r;
    }
    if (r != first::Reader::Result::Command) return r;
    shell.where.line = command.line;
    shell.last_status = first::run_command(shell, command);
    if (shell.exit_requested) return first::Reader::Result::End;
  }
}

// An open quote or a trailing backslash: ask for another line before running anything.
bool is_incomplete(std::string_view text) {
  first::Reader reader(text);
  first::Command command;
  std::string message;
  for (;;) {
    auto r = reader.next(command, message);
    if (r != first::Reader::Result::Command) return r == first::Reader::Result::Incomplete;
  }
}

std::string prompt(const Shell& shell, std::string_view variable, std::string_view fallback) {
  const std::string* value = shell.vars.value(variable);
  return value != nullptr ? *value : std::string(fallback);
}

}  // namespace

int run_text(Shell& shell, std::string_view text) {
  first::Reader reader(text);
  auto r = run_commands(shell, reader);
  if (shell.exit_requested) return shell.exit_status;
  if (r == first::Reader::Result::Incomplete) {
    syntax_error(shell, reader.line(), "unexpected end of file (unterminated quote)");
  }
  if (r == first::Reader::Result::Error || r == first::Reader::Result::Incomplete) {
    return kSyntaxErrorStatus;
  }
  return shell.last_status;
}

int run_lines(Shell& shell, LineSource& input) {
  std::string pending;
  int line = 1;
  for (;;) {
    bool continuation = !pending.empty();
    auto text = input.read_line(continuation ? prompt(shell, "PS2", "> ")
                                             : prompt(shell, "PS1", "$ "));
    if (!text) {
      if (continuation) {
        syntax_error(shell, line, "unexpected end of file (unterminated quote)");
        if (!shell.interactive) return kSyntaxErrorStatus;
      }
      break;
    }
    pending += *text;
    pending += '\n';
    if (is_incomplete(pending)) continue;
    first::Reader reader(pending, line);
    auto r = run_commands(shell, reader);
    input.remember(pending);
    line = reader.line();
    pending.clear();
    if (shell.exit_requested) return shell.exit_status;
    if (r == first::Reader::Result::Error && !shell.interactive) return kSyntaxErrorStatus;
  }
  return shell.last_status;
}

}  // namespace spawnsh
