// Signal dispositions the shell changes, so children can be given the defaults back.
#pragma once

#include <csignal>
#include <span>

namespace spawnsh {

class SignalState {
 public:
  SignalState() noexcept;

  // Sets a disposition (SIG_IGN, SIG_DFL or a handler) and remembers that the shell changed it,
  // so children get the default back; `children_inherit` (trap '' SIG) makes them ignore it too.
  // A signal ignored this way stays changeable: only one ignored on entry is fixed (XCU 2.11).
  void set(int sig, void (*handler)(int), bool children_inherit = false) noexcept;

  // SIGCHLD is never ignored by the shell itself: Linux would then reap its children before
  // wait4 could report them. trap '' CHLD, or a SIGCHLD ignored on entry, is remembered as
  // ignored (trap lists it, and cannot change one ignored on entry) while the disposition stays
  // the default, and children get the default, as in dash.
  static bool must_stay_default(int sig) noexcept { return sig == SIGCHLD; }

  // True when `sig` was ignored on entry to the shell: the one case where a non-interactive
  // shell's trap may not change it. A signal the shell has not touched still has its entry
  // disposition, so it is asked only then, and once: the answer is kept (an emulated child's
  // snapshot asks about every signal, and 62 system calls per child were a tenth of the
  // parent's time). Start-up pays one question, about SIGCHLD.
  bool ignored_on_entry(int sig) const noexcept;

  // The disposition `sig` has now, known without asking the kernel after the first time: what
  // the shell last set, else what the process had (asked once). A virtual subshell asks about
  // SIGPIPE every time it starts, and two sigaction calls were a tenth of `echo x | cat`'s
  // system calls. Signals changed behind this class's back are not followed: readline's own
  // handlers while a line is read (SIGINT, SIGWINCH, SIGCHLD, SIGHUP), put back afterwards.
  enum class Disposition { Default, Ignored, Caught };
  Disposition current(int sig) const noexcept;

  // A shell that goes on from another (a snapshot read by a fresh process) takes that shell's
  // answers: the signals in `ignored` count as ignored on entry, every other one as not,
  // whatever this process was started with.
  void adopt_entry_ignored(std::span<const int> ignored) noexcept;

  // The signals a child must reset to SIG_DFL before exec: those the shell changed. Signals
  // ignored when the shell started are not here, so they stay ignored in children (POSIX 2.11).
  const sigset_t& changed() const noexcept { return changed_; }
  // The mask a child execs with: the mask the shell had when it started.
  const sigset_t& child_mask() const noexcept { return initial_mask_; }

 private:
  friend class InheritedIgnore;
  void remember_entry(int sig) noexcept;
  void record_current(int sig, void (*handler)(int)) const noexcept;
  sigset_t changed_;
  sigset_t touched_;        // dispositions the shell has set since it started
  // Ignored on entry as far as trap is concerned; filled in as the kernel is asked.
  mutable sigset_t entry_ignored_;
  mutable sigset_t asked_;  // untouched signals whose entry disposition is known
  sigset_t initial_mask_;
  // current()'s answers: `known_` the signals whose disposition is in caught_/ignored_.
  mutable sigset_t known_;
  mutable sigset_t caught_;
  mutable sigset_t ignored_;
};

// For the few instructions that spawn the programs of an asynchronous list: SIGINT and SIGQUIT
// ignored as if inherited, then put back as they were.
class InheritedIgnore {
 public:
  explicit InheritedIgnore(SignalState& state, bool active) noexcept;
  ~InheritedIgnore();
  InheritedIgnore(const InheritedIgnore&) = delete;
  InheritedIgnore& operator=(const InheritedIgnore&) = delete;

 private:
  static constexpr int kSignals[] = {SIGINT, SIGQUIT};
  SignalState& state_;
  bool active_;
  struct sigaction saved_[2];
  bool was_changed_[2] = {false, false};
};

}  // namespace spawnsh
