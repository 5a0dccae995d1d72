#include "builtins/output.h"

#include <cstring>

#include "shell/shell.h"

namespace spawnsh::builtins {

int finish_output(Shell& shell, Output& out, std::string_view builtin, int status) {
  if (out.flush()) return status;
  shell.error(std::string(builtin) + ": write error: " + std::strerror(errno));
  return status == 0 ? 1 : status;
}

}  // namespace spawnsh::builtins
