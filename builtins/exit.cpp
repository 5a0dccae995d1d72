#include <charconv>

#include "builtins/builtins.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

// exit [n]: n is taken modulo 256; without it, the status of the last command, which in a trap
// action is the command before the action (XCU exit).
std::optional<int> status_operand(std::string_view text) noexcept {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return static_cast<int>(value & 0xff);
}

int exit(Shell& shell, std::span<const std::string> argv) {
  if (exit_refused_for_stopped_jobs(shell)) return 1;
  int status = shell.traps.status_before_action().value_or(shell.last_status);
  if (argv.size() > 1) {
    auto operand = status_operand(argv[1]);
    if (!operand) {
      shell.error("exit: Illegal number: " + argv[1]);
      shell.request_exit(2);
      return 2;
    }
    status = *operand;
  }
  shell.request_exit(status);
  return status;
}

}  // namespace spawnsh::builtins
