// The public interface of shell/exec (commands.h), in terms of its internals.
#include "shell/exec/commands.h"

#include <memory>

#include "shell/diag.h"
#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/external.h"
#include "shell/exec/location.h"
#include "shell/exec/simple_command.h"
#include "shell/shell.h"
#include "shell/syntax/stack_limit.h"

namespace spawnsh::exec {
namespace {

constexpr int kSyntaxErrorStatus = 2;

// A syntax error in text that eval, a trap or `.` runs: its own NAME:LINE:COL alone does not
// say which eval or `.` it was, so the location of that command comes first, as in any other
// error message.
void report_nested_syntax_error(Shell& shell, const Location& caller,
                                const syntax::ParseError& error) {
  std::string text = syntax::format_parse_error(error);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  report_error(shell.name, caller, text);
  shell.last_status = kSyntaxErrorStatus;
}

}  // namespace

int run_command_words(Shell& shell, std::span<const std::string> argv) {
  const syntax::SimpleCommand no_assignments_or_redirections;
  return execute_expanded(shell, no_assignments_or_redirections, argv, true);
}

const std::string* find_program(Shell& shell, const std::string& name) {
  return ::spawnsh::find_program(shell, name);
}

int replace_shell(Shell& shell, std::span<const std::string> argv) {
  return ::spawnsh::replace_shell(shell, argv);
}

syntax::ParseOptions parse_options_for(Shell& shell) {
  syntax::ParseOptions options;
  options.aliases = [&shell](std::string_view name) -> const std::string* {
    if (shell.aliases.empty()) return nullptr;  // the usual case: no string, no hashing
    auto it = shell.aliases.find(std::string(name));
    return it == shell.aliases.end() ? nullptr : &it->second;
  };
  return options;
}

int run_nested(Shell& shell, std::string_view name, std::string text) {
  // eval, `.` and trap actions can recurse without end (a file sourcing itself, a trap raising
  // its own signal): stop before the stack does, with an error rather than SIGSEGV.
  if (syntax::stack_nearly_full()) {
    shell.error(std::string(name) + ": nested too deeply (the stack is nearly full)");
    throw CommandError{kSyntaxErrorStatus, true};
  }
  // The commands of a `.` file move the location on; the caller's comes back afterwards.
  const Location caller = shell.where;
  struct RestoreLocation {
    Shell& shell;
    Location saved;
    ~RestoreLocation() { shell.where = saved; }
  } restore{shell, caller};
  auto source = std::make_shared<syntax::Source>(name, std::move(text));
  syntax::Parser parser(source, parse_options_for(shell));
  int status = 0;
  for (;;) {
    syntax::ParseStep step = parser.next_command(syntax::InputState::Final);
    if (step.status == syntax::ParseStatus::EndOfInput) break;
    if (step.status != syntax::ParseStatus::Complete) {
      report_nested_syntax_error(shell, caller, *step.error);
      throw CommandError{kSyntaxErrorStatus, true};
    }
    status = execute(shell, *step.command);
    if (shell.exit_requested || shell.flow != Flow::Normal) break;
  }
  return status;
}

int run_eval_text(Shell& shell, std::string text) {
  return run_nested(shell, kEvalSourceName, std::move(text));
}

}  // namespace spawnsh::exec
