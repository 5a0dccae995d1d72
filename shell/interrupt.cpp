#include "shell/interrupt.h"

#include <csignal>
#include <unistd.h>

#include "shell/errors.h"

namespace spawnsh {
namespace {

volatile sig_atomic_t g_pending = 0;

}  // namespace

void note_interrupt(int) noexcept { g_pending = 1; }

bool interrupt_pending() noexcept { return g_pending != 0; }

bool clear_interrupt() noexcept {
  bool was = g_pending != 0;
  g_pending = 0;
  return was;
}

void finish_interrupt() noexcept {
  if (!clear_interrupt()) return;
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, "\n", 1);
}

void check_interrupt() {
  if (g_pending == 0) return;
  throw CommandError{128 + SIGINT, false, false};
}

}  // namespace spawnsh
