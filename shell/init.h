// Start-up state: the variables a shell sets for itself, and interactive signal handling.
#pragma once

namespace spawnsh {

class Shell;

// PWD (kept from the environment when it names the current directory), PPID, IFS, PS1, PS2,
// PS4 and OPTIND.
void initialize_variables(Shell& shell);

// The effective user and group ids become the real ones (set +p, and start-up without -p when
// they differ, as in dash and bash). Returns false, with errno set, when the kernel refuses.
bool drop_privileges();

// Whether the real and effective user or group ids differ (a set-user-ID or set-group-ID run).
bool ids_differ();

// An interactive shell ignores SIGTERM and SIGQUIT and survives SIGINT (XCU 2.11).
void make_interactive(Shell& shell);

// `trap - SIG` in an interactive shell: SIGINT, SIGQUIT and SIGTERM (and, with job control,
// SIGTSTP, SIGTTIN and SIGTTOU) go back to the interactive shell's own handling, not to the
// default action that would end or stop it (as in bash and dash). Returns false, changing
// nothing, for any other signal or shell.
bool restore_interactive_disposition(Shell& shell, int sig);

}  // namespace spawnsh
