// Traps (XCU 2.11, trap): actions the shell runs when a signal arrives or when it exits.
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

  // Runs the actions of the signals caught since the last call, with $? preserved.
  void run_pending(Shell& shell);
  static bool pending() noexcept;
  // The signal most recently caught (for wait's 128+n status).
  static int last_caught() noexcept;

  // The EXIT action, once (at the end of the shell or of a subshell that set it).
  void run_exit(Shell& shell);

  // A subshell starts with the traps reset to their defaults, except ignored signals (XCU 2.11),
  // but keeps the text so that `trap` output in $(trap) still shows them.
  void reset_for_subshell(Shell& shell);
  bool in_subshell_copy() const noexcept { return inherited_; }

  // While a trap action runs: the status of the command before it, which `exit` without an
  // operand uses (XCU exit). A subshell of the action keeps it, as in dash.
  std::optional<int> status_before_action() const noexcept { return status_before_action_; }
  // For `return` without an operand: the same status, but only when that return ends the action
  // itself, not a function or `.` file the action called (POSIX.1-2024 return).
  std::optional<int> status_before_action_for_return(int function_depth) const noexcept {
    return function_depth == action_function_depth_ ? status_before_action_ : std::nullopt;
  }

 private:
  std::array<std::optional<std::string>, NSIG> actions_{};
  bool inherited_ = false;  // the actions listed are the parent's, not active here
  bool running_exit_ = false;
  std::optional<int> status_before_action_;
  int action_function_depth_ = -1;  // shell.function_depth when the running action began
};

}  // namespace spawnsh
