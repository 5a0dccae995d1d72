// The history builtins: fc (XCU fc) and `history`, bash's name for `fc -l`. They work on
// shell.history (shell/interactive/history.h), never on the line editor.
#pragma once

#include <array>
#include <span>
#include <string>

#include "shell/services/builtin.h"

namespace spawnsh::builtins {

int fc(Shell& shell, std::span<const std::string> argv);
int history(Shell& shell, std::span<const std::string> argv);

inline constexpr std::array kHistoryBuiltins{
    Builtin{"fc", fc, false},
    Builtin{"history", history, false},
};

}  // namespace spawnsh::builtins
