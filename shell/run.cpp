#include "shell/run.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/trap_runner.h"
#include "shell/expand/prompt.h"
#include "shell/interactive/line_source.h"
#include "shell/interactive/prompt_text.h"
#include "shell/interactive/session_history.h"
#include "shell/interrupt.h"
#include "shell/jobs/waiter.h"
#include "shell/platform/write_all.h"
#include "shell/script_file.h"
#include "shell/shell.h"
#include "shell/syntax/ast_dump.h"
#include "shell/syntax/parser.h"

namespace spawnsh {
namespace {

constexpr int kSyntaxErrorStatus = 2;
constexpr int kInterruptedStatus = 128 + SIGINT;  // Ctrl-C at the prompt: $? as in dash and bash
// With ignoreeof, this many end-of-file keys in a row still leave (bash's IGNOREEOF default).
constexpr int kEofsBeforeLeaving = 10;

void report_syntax_error(Shell& shell, const syntax::ParseError& error) {
  std::string text = shell.name + ": " + syntax::format_parse_error(error);
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
  shell.last_status = kSyntaxErrorStatus;
}

void echo_input(const Shell& shell, std::string_view text) {
  if (!shell.options.get(Option::Verbose) || text.empty()) return;
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
}

// --dump-ast: the command's tree on stdout. A write error ends the shell with status 1 and a
// message, as a builtin's does (`spawnsh --dump-ast script >/dev/full` must not look done).
void dump_tree(Shell& shell, const syntax::CompleteCommand& command) {
  if (platform::write_all(STDOUT_FILENO, syntax::dump_command_list(command))) return;
  shell.error(std::string("--dump-ast: write error: ") + std::strerror(errno));
  shell.last_status = 1;
  shell.request_exit(1);
}

// Runs one complete command. An error that aborts it ends a non-interactive shell when POSIX
// says so (XCU 2.8.1); an interactive shell goes back to its prompt.
void run_complete_command(Shell& shell, const syntax::CompleteCommand& command) {
  reap_at_safe_point(shell);
  if (shell.dump_ast) {
    dump_tree(shell, command);
    return;
  }
  if (shell.options.get(Option::NoExec)) return;
  try {
    shell.last_status = exec::execute(shell, command);
  } catch (const CommandError& error) {
    shell.last_status = error.status;
    if (error.exits_shell && !shell.interactive) shell.request_exit(error.status);
  }
  // A Ctrl-C that ended the command (or came too late to) is used up: the next command starts
  // without it.
  finish_interrupt();
  if (Traps::pending()) exec::run_pending_traps(shell);
  // set -b: a job's change is reported as soon as the shell sees it, not at the next prompt.
  if (shell.interactive && shell.options.get(Option::Notify)) notify_changed_jobs(shell);
  // return outside a function ends a script (as dash has it: the script is left like a sourced
  // file); break/continue outside a loop have nothing to unwind.
  if (shell.flow == Flow::Return && !shell.interactive) shell.request_exit(shell.last_status);
  shell.flow = Flow::Normal;
  shell.flow_levels = 0;
}


int run_text_commands(Shell& shell, std::string text) {
  std::string name = shell.where.source.empty() ? std::string("-c") : std::string(shell.where.source);
  auto source = std::make_shared<syntax::Source>(name, std::move(text));
  syntax::Parser parser(source, exec::parse_options_for(shell));
  for (;;) {
    std::size_t begin = parser.offset();
    syntax::ParseStep step = parser.next_command(syntax::InputState::Final);
    if (step.status == syntax::ParseStatus::EndOfInput) break;
    if (step.status != syntax::ParseStatus::Complete) {
      report_syntax_error(shell, *step.error);
      return kSyntaxErrorStatus;
    }
    echo_input(shell, source->text().substr(begin, parser.offset() - begin));
    run_complete_command(shell, *step.command);
    if (shell.exit_requested) return shell.exit_status;
  }
  return shell.last_status;
}

int run_script_commands(Shell& shell, ScriptPieces& script, std::string_view name) {
  syntax::Parser parser(name, exec::parse_options_for(shell));
  std::string piece;
  for (bool more = true; more;) {
    piece.clear();
    more = script.next(piece);
    parser.feed(piece);  // drops the text of the commands already run
    // While more may follow, a command that runs past the piece is Incomplete: read on.
    const auto state = more ? syntax::InputState::MoreMayFollow : syntax::InputState::Final;
    for (;;) {
      std::size_t begin = parser.offset();
      syntax::ParseStep step = parser.next_command(state);
      if (step.status == syntax::ParseStatus::Error) {
        report_syntax_error(shell, *step.error);
        return kSyntaxErrorStatus;
      }
      if (step.status != syntax::ParseStatus::Complete) break;
      echo_input(shell, parser.source().text().substr(begin, parser.offset() - begin));
      run_complete_command(shell, *step.command);
      if (shell.exit_requested) return shell.exit_status;
    }
  }
  return shell.last_status;
}

// The prompt to show: PS1 or PS2 parameter-expanded, and `!` in PS1 (POSIX.1-2024).
std::string make_prompt(Shell& shell, bool continuation) {
  // Prompts are parameter-expanded (XCU sh, "Shell Variables"); only an interactive shell
  // shows them, so only it pays for (and sees the effects of) expanding them, and the others
  // do not even look them up, line after line.
  if (!shell.interactive) return {};
  const char* prompt_name = continuation ? "PS2" : "PS1";
  const std::string* ps = shell.vars.value(prompt_name);
  if (ps == nullptr) return continuation ? "> " : "$ ";
  std::string prompt = expand::expand_prompt(shell, prompt_name, *ps);
  if (!continuation) prompt = expand_history_marks(prompt, shell.history.next_number());
  return bash_invisible_markers(prompt);
}

// ignoreeof: the end-of-file key at an interactive prompt says how to leave instead, up to
// kEofsBeforeLeaving times in a row. Returns true when the shell should go on reading.
bool ignore_end_of_file(Shell& shell, int& eofs_in_a_row) {
  if (!shell.interactive || !shell.options.get(Option::IgnoreEof)) return false;
  if (++eofs_in_a_row >= kEofsBeforeLeaving) return false;
  static constexpr std::string_view kHint = "Use \"exit\" to leave the shell.\n";
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, kHint.data(), kHint.size());
  return true;
}

int run_line_commands(Shell& shell, LineSource& input, std::string_view name) {
  if (name.empty()) name = shell.interactive ? "spawnsh" : "stdin";
  syntax::Parser parser(name, exec::parse_options_for(shell));
  bool continuation = false;
  std::string pending;  // the text of the command being read, for history (when kept)
  int eofs_in_a_row = 0;
  for (;;) {
    if (shell.interactive && !continuation) before_prompt(shell);  // job notices
    InputLine line = input.read_line(make_prompt(shell, continuation));
    if (line.kind == InputLine::Kind::HungUp) {
      shell.request_exit(128 + SIGHUP);
      return shell.exit_status;
    }
    if (line.kind == InputLine::Kind::Interrupted) {
      // Ctrl-C at a prompt: the typed line, and on a PS2 line the whole unfinished command,
      // are dropped (as dash and bash do); a trap on SIGINT runs.
      parser.discard_pending();
      continuation = false;
      pending.clear();
      eofs_in_a_row = 0;
      shell.last_status = kInterruptedStatus;
      if (Traps::pending()) exec::run_pending_traps(shell);
      if (shell.exit_requested) return shell.exit_status;
      continue;
    }
    if (line.kind == InputLine::Kind::End) {
      if (!continuation && ignore_end_of_file(shell, eofs_in_a_row)) continue;
      if (shell.interactive && !continuation && exit_refused_for_stopped_jobs(shell)) {
        continue;  // ^D with stopped jobs: warned once, as exit does
      }
      if (continuation) {
        remember_command(shell, pending);
        parser.feed("");
        syntax::ParseStep step = parser.next_command(syntax::InputState::Final);
        if (step.status == syntax::ParseStatus::Error) {
          report_syntax_error(shell, *step.error);
          if (!shell.interactive) return kSyntaxErrorStatus;
        } else if (step.status == syntax::ParseStatus::Complete) {
          run_complete_command(shell, *step.command);
        }
      }
      break;
    }
    eofs_in_a_row = 0;
    line.text += '\n';
    echo_input(shell, line.text);
    if (shell.history.enabled()) pending += line.text;
    parser.feed(line.text);
    for (;;) {
      syntax::ParseStep step = parser.next_command(syntax::InputState::MoreMayFollow);
      if (step.status == syntax::ParseStatus::Complete) {
        // Into the history before it runs, so that `fc` sees itself as the newest command.
        if (!pending.empty()) {
          remember_command(shell, pending);
          pending.clear();
        }
        run_complete_command(shell, *step.command);
        if (shell.exit_requested) return shell.exit_status;
        continue;
      }
      continuation = step.status == syntax::ParseStatus::Incomplete;
      if (step.status == syntax::ParseStatus::Error) {
        report_syntax_error(shell, *step.error);
        parser.discard_pending();
        if (!shell.interactive) return kSyntaxErrorStatus;
      }
      break;
    }
    if (!continuation && !pending.empty()) {
      remember_command(shell, pending);  // a comment, or a line with a syntax error
      pending.clear();
    }
  }
  return shell.last_status;
}

// An error outside any command (running out of memory while parsing or reading the input,
// shell/out_of_memory.h) was reported where it happened; it ends the input, and the shell
// leaves with its status, through the EXIT trap like any other end.
int end_on_error(Shell& shell, const CommandError& error) {
  shell.last_status = error.status;
  if (!shell.exit_requested) shell.request_exit(error.status);  // an exit already under way stands
  return shell.exit_status;
}

}  // namespace

int run_text(Shell& shell, std::string text) {
  try {
    return run_text_commands(shell, std::move(text));
  } catch (const CommandError& error) {
    return end_on_error(shell, error);
  }
}

int run_script(Shell& shell, ScriptPieces& script, std::string_view name) {
  try {
    return run_script_commands(shell, script, name);
  } catch (const CommandError& error) {
    return end_on_error(shell, error);
  }
}

int run_lines(Shell& shell, LineSource& input, std::string_view name) {
  try {
    return run_line_commands(shell, input, name);
  } catch (const CommandError& error) {
    return end_on_error(shell, error);
  }
}

}  // namespace spawnsh
