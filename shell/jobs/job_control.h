// Job control (XCU 2.11 with set -m): every job in a process group of its own, the terminal
// handed to the foreground job and taken back when it stops or ends, stopped jobs continued by
// fg and bg, and the status lines the shell writes about its jobs.
//
// An interactive shell turns it on at start: it puts itself in its own group, waits (stopped by
// SIGTTIN, as dash does) until that group has the terminal, takes it, and ignores SIGTSTP,
// SIGTTIN and SIGTTOU. A script may turn it on with set -m: its jobs get groups of their own,
// and the terminal is used only when the script already has it in the foreground.
#pragma once

#include <string>
#include <sys/types.h>
#include <termios.h>

#include "spawn/spawn.h"

namespace spawnsh {

class Shell;
struct Job;

struct JobControl {
  bool active = false;     // jobs get process groups of their own
  int terminal_fd = -1;    // the terminal handed to foreground jobs; -1: none
  pid_t shell_pgid = 0;    // the group that gets the terminal back
  pid_t original_pgid = 0; // the group the shell was started in (set +m puts it back)
  bool have_modes = false;
  termios modes{};         // the terminal's modes when the shell took it
  // `exit` with stopped jobs warns once (as bash): given by the exit that warned, armed at the
  // next prompt, so an exit typed right after the warning leaves.
  bool exit_warning_given = false;
  bool exit_warning_armed = false;
};

// Turns job control on or off as the monitor option (set -m) now says. Only the shell itself
// does job control, never a subshell.
void apply_monitor_option(Shell& shell);

// The shell is leaving: the terminal and the process group go back to what they were when it
// started, so that whoever started it (a shell, a test runner) has its terminal back.
void end_job_control(Shell& shell);

// A subshell (or any child running shell code) does no job control: SIGTSTP, SIGTTIN and
// SIGTTOU get their default actions back, and its children stay in its group.
void leave_job_control(Shell& shell);

// The process group and terminal of each process of a job being started, and the parent's
// half of putting the child in its group (both sides call setpgid, so neither the shell nor
// the job can run ahead of the other's view of the group).
class JobStart {
 public:
  JobStart(Shell& shell, Job& job, bool foreground);
  spawn::ProcessGroup group() const;
  // The terminal to hand to the job's group: only the first process of a foreground job.
  int terminal_fd() const;
  // After a process of the job was started (pid > 0).
  void started(pid_t pid);

 private:
  JobControl& control_;
  Job& job_;
  bool foreground_;
};

// After waiting for a foreground job in a group of its own: the terminal back to the shell.
// A job that stopped keeps the terminal's modes for fg; when it stopped or was killed (it may
// have left raw mode or -echo on) the shell's own modes come back. A job that ended well in an
// interactive shell leaves the modes as the shell's own (as bash: `stty -echo` at the prompt
// is what the user asked for).
void foreground_job_settled(Shell& shell, Job& job);

// The job's stopped processes count as running again (it was sent SIGCONT): `wait` must not
// take a stop reported before for its status.
void mark_running(Job& job);

// Continues a stopped job (SIGCONT to its group), its processes marked running again. With
// `foreground`, the job's group gets the terminal first, with the modes it was stopped in.
void continue_job(Shell& shell, Job& job, bool foreground);

// Writes the status lines of background jobs whose state changed since they were last
// reported (Done, Stopped, killed by a signal) on standard error; finished jobs leave the
// table once reported. An interactive shell does this before each prompt, and with set -b
// between commands.
void notify_changed_jobs(Shell& shell);
// The same lines, handed to the caller to write (the line editor, which draws its line again
// below them); empty when nothing changed.
std::string take_job_notices(Shell& shell);

// set -b in an interactive shell doing job control: a job's change is reported as soon as the
// shell sees it, even while it waits for a line at the prompt.
bool notify_at_once(const Shell& shell);

// Before each prompt of an interactive shell: the notices of changed jobs, and the exit
// warning armed if the command just run was an exit that warned.
void before_prompt(Shell& shell);

// `exit` (or end of input) in an interactive shell with stopped jobs: the first time, writes
// "There are stopped jobs." and returns true (the shell stays); the next exit leaves.
bool exit_refused_for_stopped_jobs(Shell& shell);

}  // namespace spawnsh
