// The utilities that are builtins (XCU "Utilities"): printf, test, read, pwd, umask, ulimit,
// kill, getopts, times... One file per builtin or family; each is listed here.
#pragma once

#include <array>
#include <span>
#include <string>

#include "shell/services/builtin.h"

namespace spawnsh::builtins {

int pwd(Shell& shell, std::span<const std::string> argv);
int printf_(Shell& shell, std::span<const std::string> argv);
int test(Shell& shell, std::span<const std::string> argv);
int read_(Shell& shell, std::span<const std::string> argv);
int kill(Shell& shell, std::span<const std::string> argv);
int getopts(Shell& shell, std::span<const std::string> argv);
int umask(Shell& shell, std::span<const std::string> argv);
int times(Shell& shell, std::span<const std::string> argv);
int ulimit(Shell& shell, std::span<const std::string> argv);
int jobs(Shell& shell, std::span<const std::string> argv);
int fg(Shell& shell, std::span<const std::string> argv);
int bg(Shell& shell, std::span<const std::string> argv);
int compare(Shell& shell, std::span<const std::string> argv);

// special: a POSIX special builtin (XCU 2.14); of these only times is one.
inline constexpr std::array kUtilityBuiltins{
    Builtin{"[", test, false},
    Builtin{"bg", bg, false},
    Builtin{"compare", compare, false},
    Builtin{"fg", fg, false},
    Builtin{"jobs", jobs, false},
    Builtin{"getopts", getopts, false},
    Builtin{"kill", kill, false},
    Builtin{"printf", printf_, false},
    Builtin{"pwd", pwd, false},
    Builtin{"read", read_, false},
    Builtin{"test", test, false},
    Builtin{"times", times, true},
    Builtin{"ulimit", ulimit, false},
    Builtin{"umask", umask, false},
};

}  // namespace spawnsh::builtins
