// The utilities that are builtins (XCU "Utilities"): printf, test, read, pwd, umask, ulimit,
// kill, getopts, times... One file per builtin or family; each is listed here.
#pragma once

#include <array>
#include <span>
#include <string>

#include "shell/exec/builtin.h"

namespace spawnsh::builtins {

int pwd(Shell& shell, std::span<const std::string> argv);

inline constexpr std::array kUtilityBuiltins{
    Builtin{"pwd", pwd, false},
};

}  // namespace spawnsh::builtins
