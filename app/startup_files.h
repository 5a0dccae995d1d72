// The files a shell reads before its first command: the profiles of a login shell and the file
// named by ENV for an interactive one (XCU sh, ENV).
#pragma once

namespace spawnsh {
class Shell;
}

namespace spawnsh::app {

// A login shell reads /etc/profile, then $HOME/.profile (as dash and bash do). Then an
// interactive shell reads the file named by $ENV after parameter expansion (XCU sh, ENV),
// except when privileged (-p, as in bash) or when its real and effective user or group ids
// differed at start-up (POSIX: ENV is then ignored). A file that cannot be opened is skipped
// without a message. An error in a file ends a non-interactive shell, as in dash; `exit` in a
// file leaves shell.exit_requested set.
void read_startup_files(Shell& shell, bool login, bool ids_differed);

}  // namespace spawnsh::app
