// The builtin table and the builtins' entry points.
//
// The table is assembled at compile time from families: the core below (control flow and the
// shell's own state) and builtins/utilities.h (the utilities that are builtins: printf, test,
// read...). Each family lists its own entries, so adding a builtin touches only its family.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <span>
#include <string>

#include "shell/services/builtin.h"

namespace spawnsh::builtins {

// The status operand of exit and return: a decimal number >= 0, taken modulo 256; nullopt when
// the text is not one.
std::optional<int> status_operand(std::string_view text) noexcept;

// Every builtin, sorted by name, with its POSIX attributes.
std::span<const Builtin> table() noexcept;

int colon(Shell& shell, std::span<const std::string> argv);
int break_(Shell& shell, std::span<const std::string> argv);
int continue_(Shell& shell, std::span<const std::string> argv);
int return_(Shell& shell, std::span<const std::string> argv);
int exit(Shell& shell, std::span<const std::string> argv);
int cd(Shell& shell, std::span<const std::string> argv);
int echo(Shell& shell, std::span<const std::string> argv);
int true_(Shell& shell, std::span<const std::string> argv);
int false_(Shell& shell, std::span<const std::string> argv);
int export_(Shell& shell, std::span<const std::string> argv);
int readonly(Shell& shell, std::span<const std::string> argv);
int unset(Shell& shell, std::span<const std::string> argv);
int set(Shell& shell, std::span<const std::string> argv);
int shift(Shell& shell, std::span<const std::string> argv);
int eval(Shell& shell, std::span<const std::string> argv);
int dot(Shell& shell, std::span<const std::string> argv);
int exec(Shell& shell, std::span<const std::string> argv);
int command(Shell& shell, std::span<const std::string> argv);
int type(Shell& shell, std::span<const std::string> argv);
int hash(Shell& shell, std::span<const std::string> argv);
int alias(Shell& shell, std::span<const std::string> argv);
int unalias(Shell& shell, std::span<const std::string> argv);
int wait(Shell& shell, std::span<const std::string> argv);
int trap(Shell& shell, std::span<const std::string> argv);
int local(Shell& shell, std::span<const std::string> argv);

// special: a POSIX special builtin (XCU 2.14): found before functions, its errors are fatal
inline constexpr std::array kCoreBuiltins{
    Builtin{":", colon, true},          Builtin{"break", break_, true},
    Builtin{"cd", cd, false},           Builtin{"continue", continue_, true},
    Builtin{"echo", echo, false},       Builtin{"exit", exit, true},
    Builtin{"false", false_, false},    Builtin{"return", return_, true},
    Builtin{"true", true_, false},      Builtin{"export", export_, true},
    Builtin{"readonly", readonly, true}, Builtin{"unset", unset, true},
    Builtin{"set", set, true},          Builtin{"shift", shift, true},
    Builtin{"eval", eval, true},        Builtin{".", dot, true},
    Builtin{"exec", exec, true},        Builtin{"command", command, false},
    Builtin{"type", type, false},       Builtin{"hash", hash, false},
    Builtin{"alias", alias, false},     Builtin{"unalias", unalias, false},
    Builtin{"wait", wait, false},       Builtin{"trap", trap, true},
    Builtin{"local", local, true},  // not POSIX; special as in dash
};

}  // namespace spawnsh::builtins
