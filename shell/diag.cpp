#include "shell/diag.h"

#include <unistd.h>

namespace spawnsh {

void report_error(std::string_view shell_name, const Location& where, std::string_view message) {
  std::string line;
  line.reserve(shell_name.size() + where.source.size() + message.size() + 24);
  line.append(shell_name).append(": ");
  if (!where.source.empty()) line.append(where.source).append(": ");
  if (where.line > 0) line.append("line ").append(std::to_string(where.line)).append(": ");
  line.append(message).push_back('\n');
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n <= 0) break;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace spawnsh
