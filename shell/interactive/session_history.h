// The history of an interactive shell's session: HISTFILE and HISTSIZE read from the shell's
// variables, the file loaded at start and appended at exit.
#pragma once

#include <string_view>

namespace spawnsh {

class Shell;

// After the start-up files (which may set HISTFILE and HISTSIZE): turns history on and loads
// the file. A file that exists but cannot be read gets one warning.
void start_history(Shell& shell);

// A complete command was read: it joins the history (HISTSIZE is read again, so a change takes
// effect at the next command).
void remember_command(Shell& shell, std::string_view command);

// At exit: appends the session's commands to HISTFILE; a file that cannot be written gets one
// warning (and the shell's status is unchanged).
void save_history(Shell& shell);

}  // namespace spawnsh
