#include "spawn/subshell.h"

#include <unistd.h>

namespace spawnsh::spawn {

void exit_shell_child(int status) noexcept { ::_exit(status & 0xff); }

}  // namespace spawnsh::spawn
