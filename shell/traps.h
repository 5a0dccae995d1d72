// Traps (XCU 2.11, trap): the record of what the shell does when a signal arrives or when it
// exits. This is state only: the command loop (shell/exec/trap_runner.h) runs the actions.
//
// A caught signal only sets a flag (the handler is async-signal-safe); the actions run between
// commands, and after a foreground wait has finished, as POSIX asks.
#pragma once

#include <array>
#include <csignal>
#include <optional>
#include <string>

namespace spawnsh {

class Shell;

class Traps {
 public:
  static constexpr int kExit = 0;  // the EXIT condition, trap number 0

  // nullopt: default action (trap - sig). "": ignore. Otherwise the command text.
  // Returns false when the signal may not be changed (ignored on entry, non-interactive).
  bool set(Shell& shell, int number, std::optional<std::string> action);
  const std::optional<std::string>& action(int number) const { return actions_[number]; }

  // Whether a signal was caught since the last take_pending().
  static bool pending() noexcept;
  // Clears the "some signal was caught" flag; true when it was set. The caller then asks
  // take_caught() for each signal.
  static bool take_pending() noexcept;
  // True once for a signal caught since its last take_caught().
  static bool take_caught(int number) noexcept;
  // The signal most recently caught (for wait's 128+n status).
  static int last_caught() noexcept;

  // The EXIT action to run now, handed out once: nullopt when there is none, when it is already
  // running, or when the listing is only the parent's (a subshell that set no EXIT trap).
  std::optional<std::string> take_exit_action();

  // A subshell starts with the traps reset to their defaults, except ignored signals (XCU 2.11),
  // but keeps the text so that `trap` output in $(trap) still shows them.
  void reset_for_subshell(Shell& shell);
  bool in_subshell_copy() const noexcept { return inherited_; }
  // A trap of this shell's own would run an action (EXIT or a caught signal): a child that
  // has one must stay a shell until it ends, and not exec its last command in its place.
  bool any_active() const noexcept {
    if (inherited_) return false;
    for (const auto& action : actions_) {
      if (action && !action->empty()) return true;
    }
    return false;
  }

  // While a trap action runs: the status of the command before it, which `exit` without an
  // operand uses (XCU exit). A subshell of the action keeps it, as in dash.
  std::optional<int> status_before_action() const noexcept { return status_before_action_; }
  // For `return` without an operand: the same status, but only when that return ends the action
  // itself, not a function or `.` file the action called (POSIX.1-2024 return).
  std::optional<int> status_before_action_for_return(int function_depth) const noexcept {
    return function_depth == action_function_depth_ ? status_before_action_ : std::nullopt;
  }

  // Marks a trap action as running, for `exit` and `return` without an operand; actions nest (a
  // signal trap can run inside the EXIT trap's commands), so the outer values come back
  // afterwards.
  class ActionScope {
   public:
    ActionScope(Traps& traps, int status_before, int function_depth);
    ~ActionScope();
    ActionScope(const ActionScope&) = delete;
    ActionScope& operator=(const ActionScope&) = delete;

   private:
    Traps& traps_;
    std::optional<int> saved_status_;
    int saved_depth_;
  };

 private:
  std::array<std::optional<std::string>, NSIG> actions_{};
  bool inherited_ = false;  // the actions listed are the parent's, not active here
  bool running_exit_ = false;
  std::optional<int> status_before_action_;
  int action_function_depth_ = -1;  // shell.function_depth when the running action began
};

}  // namespace spawnsh
