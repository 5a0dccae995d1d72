// break, continue, return: control flow travels as state on the Shell (see shell/shell.h).
#include <charconv>

#include "builtins/builtins.h"
#include "shell/errors.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// Parses a count operand; prints the error and returns false when it is not a number >= 1.
bool loop_count(Shell& shell, std::span<const std::string> argv, int& count) {
  count = 1;
  if (argv.size() < 2) return true;
  const std::string& text = argv[1];
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end != text.data() + text.size() || count < 1) {
    shell.error(argv[0] + ": Illegal number: " + text);
    throw CommandError{2, true};  // a special builtin's usage error (XCU 2.8.1)
  }
  return true;
}

int loop_control(Shell& shell, std::span<const std::string> argv, Flow flow) {
  int count;
  if (!loop_count(shell, argv, count)) return 2;
  if (shell.loop_depth == 0) return 0;  // outside a loop: nothing to do (as dash)
  shell.flow = flow;
  shell.flow_levels = std::min(count, shell.loop_depth);
  return 0;
}

}  // namespace

int break_(Shell& shell, std::span<const std::string> argv) {
  return loop_control(shell, argv, Flow::Break);
}

int continue_(Shell& shell, std::span<const std::string> argv) {
  return loop_control(shell, argv, Flow::Continue);
}

// return [n]: leaves the function (or the sourced file) with status n, else $? (POSIX.1-2024).
int return_(Shell& shell, std::span<const std::string> argv) {
  // A return that ends a trap action uses the status from before the action, as exit does.
  int status =
      shell.traps.status_before_action_for_return(shell.function_depth).value_or(shell.last_status);
  if (argv.size() > 1) {
    auto operand = status_operand(argv[1]);
    if (!operand) {
      shell.error("return: Illegal number: " + argv[1]);
      throw CommandError{2, true};
    }
    status = *operand;
  }
  shell.flow = Flow::Return;
  return status;
}

}  // namespace spawnsh::builtins
