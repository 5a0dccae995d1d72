#include "shell/interrupt.h"

#include <csignal>
#include <unistd.h>

#include "shell/errors.h"

namespace spawnsh {
namespace {

volatile sig_atomic_t g_pending = 0;
bool g_announced = false;  // the newline after ^C was written for this interrupt

}  // namespace

void note_interrupt(int) noexcept { g_pending = 1; }

bool interrupt_pending() noexcept { return g_pending != 0; }

void clear_interrupt() noexcept {
  g_pending = 0;
  g_announced = false;
}

void check_interrupt() {
  if (g_pending == 0) return;
  if (!g_announced) {
    g_announced = true;
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, "\n", 1);
  }
  throw CommandError{128 + SIGINT, false, false};
}

}  // namespace spawnsh
