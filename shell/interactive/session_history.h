// The history of an interactive shell's session: HISTFILE, HISTSIZE, HISTFILESIZE and
// HISTCONTROL read from the shell's variables (as bash reads them), the file loaded at start
// and appended at exit.
#pragma once

#include <string_view>

namespace spawnsh {

class Shell;

// After the start-up files (which may set HISTFILE and HISTSIZE): turns history on and loads
// the file. A file that exists but cannot be read gets one warning.
void start_history(Shell& shell);

// A complete command was read: it joins the history unless HISTCONTROL keeps it out
// (ignorespace: it starts with a space; ignoredups: it repeats the newest entry; erasedups:
// older copies leave instead). HISTSIZE and HISTCONTROL are read again each time, so a change
// takes effect at the next command.
void remember_command(Shell& shell, std::string_view command);

// At exit: appends the session's commands to HISTFILE and cuts it to HISTFILESIZE commands; a
// file that cannot be written gets one warning (and the shell's status is unchanged).
void save_history(Shell& shell);

}  // namespace spawnsh
