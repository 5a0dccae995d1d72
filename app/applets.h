// Multi-call: one binary that is the shell and the small utilities it already has as builtins,
// picked by the name it was run under (argv[0]'s base name), as busybox does.
//
// The applets are the shell (`sh`, `spawnsh`) and the builtins that are also standalone
// utilities: running one as a program behaves as a fresh non-interactive shell's builtin does
// (output, exit status), its messages prefixed with its own name. Builtins that act on the shell
// itself (cd, umask, read, export, jobs...) are not applets: as programs they could not affect
// their caller, so a link named after one would only mislead.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "shell/services/builtin.h"

namespace spawnsh::app {

struct Applet {
  std::string_view name;
  BuiltinFunction run;  // nullptr: the shell
};

// Every applet, sorted by name (byte order, so "[" comes first): what --list prints and
// --install links, in that order.
std::span<const Applet> applets() noexcept;

// The applet named exactly `name`, or nullptr.
const Applet* find_applet(std::string_view name) noexcept;

// The part of `path` after its last '/'.
std::string_view base_name(std::string_view path) noexcept;

// Runs a utility applet as a program: argv[0] is the name it was called by (only its base name
// matters). Does none of the shell's start-up. Returns the exit status.
int run_utility(const Applet& applet, int argc, char** argv);

// `spawnsh --list`: the applets' names, one a line. Returns the exit status.
int list_applets();

// The exit status of an option that printed on stdout (--help, --version, --list, --install):
// flushes it, and on a write error says so as the builtins do ("spawnsh: --help: write error:
// No space left on device") and returns 1; 0 otherwise.
int finish_stdout(const char* option);

}  // namespace spawnsh::app
