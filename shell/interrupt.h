// Ctrl-C while an interactive shell is busy itself. At the prompt the line source handles it;
// during a foreground job with job control the terminal's SIGINT goes to the job's group and
// the waiter sees the job die of it (waiter.cpp). But while the shell runs a loop of builtins
// (`while :; do :; done`), a `read` or a `wait`, it holds the terminal and the SIGINT is its
// own: the command line must end with status 130 and a fresh prompt, as dash and busybox ash do.
//
// The handler only notes the interrupt. The evaluator looks at the note at safe points (between
// the commands of a list, at each turn of a loop, in read and wait) and unwinds by throwing a
// CommandError that no non-interactive rule turns fatal. The note stays until the top level has
// finished the command (clear_interrupt): a handler on the way (a virtual subshell, `command`,
// eval) that turns the error into a status meets it again at its next safe point.
#pragma once

namespace spawnsh {

class Shell;

// The SIGINT handler of an interactive shell (installed by make_interactive, and again by
// `trap - INT`).
void note_interrupt(int) noexcept;

bool interrupt_pending() noexcept;

// The command the interrupt ended is over: the next one starts without it. Returns whether
// there was one.
bool clear_interrupt() noexcept;

// The top level after a command: clears the note, and when there was one writes the newline
// that puts the next prompt below the ^C the terminal echoed (only now: while the command ran,
// its standard error may have gone elsewhere).
void finish_interrupt() noexcept;

// At a safe point: ends the command line (CommandError, status 128+SIGINT) when a Ctrl-C was
// noted.
void check_interrupt();

}  // namespace spawnsh
