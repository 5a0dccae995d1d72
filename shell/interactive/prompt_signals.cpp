#include "shell/interactive/prompt_signals.h"

#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "shell/interrupt.h"

namespace spawnsh {

volatile sig_atomic_t g_prompt_interrupted = 0;
volatile sig_atomic_t g_prompt_resized = 0;
volatile sig_atomic_t g_prompt_hung_up = 0;
volatile sig_atomic_t g_prompt_child_changed = 0;

namespace {

constexpr int kWatched[] = {SIGINT, SIGWINCH, SIGCHLD, SIGHUP};
// The dispositions before the read: a trap's handler is called too, so the trap runs.
struct sigaction g_saved_interrupt;
struct sigaction g_saved_child;

void on_interrupt(int sig) {
  g_prompt_interrupted = 1;
  // The prompt takes the ^C itself; only a trap's handler is called (not the shell's own,
  // note_interrupt, which would end the next command line too).
  if (g_saved_interrupt.sa_handler != SIG_IGN && g_saved_interrupt.sa_handler != SIG_DFL &&
      g_saved_interrupt.sa_handler != note_interrupt) {
    g_saved_interrupt.sa_handler(sig);
  }
}
void on_resize(int) { g_prompt_resized = 1; }
void on_child(int sig) {
  g_prompt_child_changed = 1;
  if (g_saved_child.sa_handler != SIG_IGN && g_saved_child.sa_handler != SIG_DFL) {
    g_saved_child.sa_handler(sig);
  }
}
void on_hang_up(int) { g_prompt_hung_up = 1; }

void catch_signal(int sig, void (*handler)(int), struct sigaction* saved) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, saved);
}

}  // namespace

PromptSignals::PromptSignals() {
  sigset_t block;
  sigemptyset(&block);
  for (int sig : kWatched) sigaddset(&block, sig);
  sigprocmask(SIG_BLOCK, &block, &before_);
  during_wait = before_;
  for (int sig : kWatched) sigdelset(&during_wait, sig);
  sigaction(SIGINT, nullptr, &g_saved_interrupt);
  watch_interrupt_ = g_saved_interrupt.sa_handler != SIG_IGN;
  if (watch_interrupt_) catch_signal(SIGINT, on_interrupt, nullptr);
  catch_signal(SIGWINCH, on_resize, &saved_resize_);
  catch_signal(SIGCHLD, on_child, &g_saved_child);
  sigaction(SIGHUP, nullptr, &saved_hang_up_);
  watch_hang_up_ = saved_hang_up_.sa_handler == SIG_DFL;
  if (watch_hang_up_) catch_signal(SIGHUP, on_hang_up, nullptr);
}

PromptSignals::~PromptSignals() {
  if (watch_interrupt_) sigaction(SIGINT, &g_saved_interrupt, nullptr);
  sigaction(SIGWINCH, &saved_resize_, nullptr);
  sigaction(SIGCHLD, &g_saved_child, nullptr);
  if (watch_hang_up_) sigaction(SIGHUP, &saved_hang_up_, nullptr);
  sigprocmask(SIG_SETMASK, &before_, nullptr);
}

bool PromptSignals::take_pending_hang_up() {
  if (!watch_hang_up_) return false;
  sigset_t hang_up;
  sigemptyset(&hang_up);
  sigaddset(&hang_up, SIGHUP);
  struct timespec no_wait {};
  return ::sigtimedwait(&hang_up, nullptr, &no_wait) == SIGHUP;
}

void deliver_pending_signals(const sigset_t& during_wait) {
  struct timespec no_wait {};
  ::ppoll(nullptr, 0, &no_wait, &during_wait);  // no fd: ends at once, after any handler ran
}

ssize_t read_byte_now(int fd, unsigned char& byte) {
  const int flags = ::fcntl(fd, F_GETFL);
  const bool made_nonblocking =
      flags >= 0 && (flags & O_NONBLOCK) == 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
  ssize_t n = ::read(fd, &byte, 1);
  const int error = errno;
  if (made_nonblocking) ::fcntl(fd, F_SETFL, flags);
  errno = error;
  return n;
}

}  // namespace spawnsh
