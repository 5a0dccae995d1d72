// trap [-p [condition...]] | trap action condition... | trap - condition... | trap N...  (XCU trap)
#include <algorithm>
#include <cctype>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "shell/errors.h"
#include "shell/quote.h"
#include "shell/shell.h"
#include "shell/signal_names.h"

namespace spawnsh::builtins {
namespace {

// EXIT or 0, a number below NSIG, or a name that `kill -l` lists, with or without SIG and in
// any case (XCU trap allows both as extensions; bash, mksh and yash take them): the same table as
// kill (shell/signal_names.h), so that every signal kill can send can be trapped, the real-time
// ones included. -1 when none.
int condition_number(std::string_view text) {
  // EXIT is a condition, not a signal: SIGEXIT is no name of it (dash, bash and yash agree).
  auto upper = [](unsigned char c) { return std::toupper(c); };
  if (std::ranges::equal(text, std::string_view("EXIT"), {}, upper)) return Traps::kExit;
  return parse_signal(text);
}

// The name `trap` prints: the one kill -l lists, or the number for the two real-time signals
// glibc keeps (32, 33), as dash prints them.
std::string condition_name(int number) {
  if (number == Traps::kExit) return "EXIT";
  std::string name = signal_name(number);
  return name.empty() ? std::to_string(number) : name;
}

bool is_unsigned_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// What `trap` lists for a condition: its action, or '' for a signal ignored on entry to a
// non-interactive shell (POSIX.1-2024 trap: such signals are not in the default state, though no
// trap command set them); nullopt when the condition is in its default state.
std::optional<std::string> listed_action(Shell& shell, int n) {
  const std::optional<std::string>& action = shell.traps.action(n);
  if (action) return action;
  if (n != Traps::kExit && !shell.interactive && shell.signals.ignored_on_entry(n)) {
    return std::string();
  }
  return std::nullopt;
}

// Writes the traps of `conditions` (all conditions when empty) as commands that set them again.
// Without -p only the conditions not in their default state are written; with -p every one is,
// a default one as `trap -- - NAME` (POSIX.1-2024: the output must restore "the same trapping
// results" for the conditions it covers; bash writes the same), except SIGKILL and SIGSTOP,
// which no trap can change, and the two real-time signals glibc keeps for itself.
int print_traps(Shell& shell, std::span<const std::string> conditions, bool with_defaults) {
  Output out(shell, "trap");
  int status = 0;
  auto print = [&](int n) {
    std::optional<std::string> action = listed_action(shell, n);
    if (action) {
      out.put("trap -- " + quote_for_reinput(*action) + " " + condition_name(n) + "\n");
    } else if (with_defaults) {
      out.put("trap -- - " + condition_name(n) + "\n");
    }
  };
  if (conditions.empty()) {
    for (int n = 0; n < NSIG; ++n) {
      bool listed =
          n == Traps::kExit || (n != SIGKILL && n != SIGSTOP && !signal_name(n).empty());
      if (listed || shell.traps.action(n)) print(n);
    }
  }
  for (const std::string& condition : conditions) {
    int number = condition_number(condition);
    if (number < 0) {
      out.error("trap: " + condition + ": bad trap");
      status = 1;
      continue;
    }
    print(number);
  }
  return out.status(status);
}

}  // namespace

int trap(Shell& shell, std::span<const std::string> argv) {
  std::size_t i = 1;
  if (i < argv.size() && argv[i] == "-p") return print_traps(shell, argv.subspan(i + 1), true);
  if (i < argv.size() && argv[i] == "--") {
    ++i;
  } else if (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' && argv[i] != "-") {
    // An action that starts with '-' must follow "--" (XCU 12.2, guideline 10), as in dash.
    shell.error("trap: Illegal option " + argv[i]);
    throw CommandError{2, true};
  }
  if (i == argv.size()) return print_traps(shell, {}, false);
  // A first operand that is a number makes every operand a condition to reset. So does a lone
  // operand: an action needs a condition, and dash takes `trap EXIT` as `trap - EXIT` (a lone
  // operand that is no condition is then reported as a bad trap).
  std::optional<std::string> action;
  if (!is_unsigned_number(argv[i]) && i + 1 < argv.size()) {
    if (argv[i] != "-") action = argv[i];
    ++i;
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    int number = condition_number(argv[i]);
    if (number < 0) {
      shell.error("trap: " + argv[i] + ": bad trap");
      status = 1;
      continue;
    }
    shell.traps.set(shell, number, action);
  }
  return status;
}

}  // namespace spawnsh::builtins
