// trap [-p [condition...]] | trap action condition... | trap - condition... | trap N...  (XCU trap)
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <unistd.h>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "shell/errors.h"
#include "shell/quote.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// EXIT or 0, a signal name with or without SIG (any case), or a number. -1 when none.
int condition_number(std::string_view text) {
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) {
    return number >= 0 && number < NSIG ? number : -1;
  }
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (name.starts_with("SIG")) name.erase(0, 3);
  if (name == "EXIT") return Traps::kExit;
  for (int sig = 1; sig < NSIG; ++sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    if (abbrev != nullptr && name == abbrev) return sig;
  }
  return -1;
}

std::string condition_name(int number) {
  if (number == Traps::kExit) return "EXIT";
  const char* abbrev = ::sigabbrev_np(number);
  return abbrev != nullptr ? abbrev : std::to_string(number);
}

bool is_unsigned_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Writes the traps of `conditions` (all conditions when empty) that are not at their default,
// as commands that set them again.
int print_traps(Shell& shell, std::span<const std::string> conditions) {
  Output out(shell, "trap");
  int status = 0;
  auto print = [&](int n) {
    const auto& action = shell.traps.action(n);
    if (action) out.put("trap -- " + quote_for_reinput(*action) + " " + condition_name(n) + "\n");
  };
  if (conditions.empty()) {
    for (int n = 0; n < NSIG; ++n) print(n);
  }
  for (const std::string& condition : conditions) {
    int number = condition_number(condition);
    if (number < 0) {
      shell.error("trap: " + condition + ": bad trap");
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
  if (i < argv.size() && argv[i] == "-p") return print_traps(shell, argv.subspan(i + 1));
  if (i < argv.size() && argv[i] == "--") {
    ++i;
  } else if (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' && argv[i] != "-") {
    // An action that starts with '-' must follow "--" (XCU 12.2, guideline 10), as in dash.
    shell.error("trap: Illegal option " + argv[i]);
    throw CommandError{2, true};
  }
  if (i == argv.size()) return print_traps(shell, {});
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
