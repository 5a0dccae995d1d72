// The builtin table and the builtins' entry points.
#pragma once

#include <span>
#include <string>

#include "shell/exec/builtin.h"

namespace spawnsh::builtins {

// Every builtin, sorted by name, with its POSIX attributes.
std::span<const Builtin> table() noexcept;

int colon(Shell& shell, std::span<const std::string> argv);
int break_(Shell& shell, std::span<const std::string> argv);
int continue_(Shell& shell, std::span<const std::string> argv);
int return_(Shell& shell, std::span<const std::string> argv);
int echo(Shell& shell, std::span<const std::string> argv);
int true_(Shell& shell, std::span<const std::string> argv);
int false_(Shell& shell, std::span<const std::string> argv);
int cd(Shell& shell, std::span<const std::string> argv);
int exit(Shell& shell, std::span<const std::string> argv);

}  // namespace spawnsh::builtins
