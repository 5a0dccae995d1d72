#include <charconv>

#include "builtins/builtins.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

// exit [n]: n is taken modulo 256; without it, the status of the last command.
int exit(Shell& shell, std::span<const std::string> argv) {
  int status = shell.last_status;
  if (argv.size() > 1) {
    const std::string& text = argv[1];
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
      shell.error("exit: Illegal number: " + text);
      shell.exit_requested = true;
      shell.exit_status = 2;
      return 2;
    }
    status = static_cast<int>(value & 0xff);
  }
  shell.exit_requested = true;
  shell.exit_status = status;
  return status;
}

}  // namespace spawnsh::builtins
