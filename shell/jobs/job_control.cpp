#include "shell/jobs/job_control.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include "shell/exec/shell_fds.h"
#include "shell/jobs/job_text.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

constexpr int kStopSignals[] = {SIGTSTP, SIGTTIN, SIGTTOU};

// The controlling terminal on an fd of the shell's own range (close-on-exec), or -1.
int open_terminal() {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    // No /dev/tty (no controlling terminal), or not openable: a standard fd that is one.
    for (int candidate : {STDERR_FILENO, STDIN_FILENO, STDOUT_FILENO}) {
      if (::isatty(candidate) == 1) {
        fd = ::fcntl(candidate, F_DUPFD_CLOEXEC, 0);
        break;
      }
    }
  }
  return fd < 0 ? -1 : move_to_shell_range(fd);
}

void close_terminal(JobControl& control) {
  if (control.terminal_fd >= 0) ::close(control.terminal_fd);
  control.terminal_fd = -1;
  control.have_modes = false;
}

// An interactive shell started in the background waits until it is brought to the
// foreground (SIGTTIN stops it), as dash and bash do. False when the fd is no controlling
// terminal of ours.
bool wait_for_foreground_terminal(int fd) {
  for (;;) {
    pid_t owner = ::tcgetpgrp(fd);
    if (owner < 0) return false;
    if (owner == ::getpgrp()) return true;
    ::kill(0, SIGTTIN);
  }
}

void turn_on(Shell& shell) {
  JobControl& control = shell.job_control;
  control.active = true;
  control.original_pgid = ::getpgrp();
  control.shell_pgid = control.original_pgid;
  int fd = open_terminal();
  bool usable = fd >= 0 && (shell.interactive ? wait_for_foreground_terminal(fd)
                                              : ::tcgetpgrp(fd) == ::getpgrp());
  if (!usable) {
    // A script without a terminal (or in the background): jobs still get groups of their own.
    if (fd >= 0) ::close(fd);
    return;
  }
  control.terminal_fd = fd;
  // The shell takes the terminal back from jobs while in the background: SIGTTOU must not stop
  // it. At a prompt, ^Z and reading the terminal must not stop it either.
  shell.signals.set(SIGTTOU, SIG_IGN);
  if (shell.interactive) {
    shell.signals.set(SIGTSTP, SIG_IGN);
    shell.signals.set(SIGTTIN, SIG_IGN);
    if (::getpgrp() != ::getpid() && ::setpgid(0, 0) == 0) control.shell_pgid = ::getpid();
    ::tcsetpgrp(fd, control.shell_pgid);
  }
  control.have_modes = ::tcgetattr(fd, &control.modes) == 0;
}

void turn_off(Shell& shell) {
  JobControl& control = shell.job_control;
  if (control.terminal_fd >= 0 && control.shell_pgid != control.original_pgid) {
    // Back in the group the shell was started in, which gets the terminal back.
    if (::setpgid(0, control.original_pgid) == 0) {
      ::tcsetpgrp(control.terminal_fd, control.original_pgid);
    }
  }
  for (int sig : kStopSignals) {
    if (!shell.signals.ignored_on_entry(sig)) shell.signals.set(sig, SIG_DFL);
  }
  close_terminal(control);
  control.active = false;
}

}  // namespace

void apply_monitor_option(Shell& shell) {
  bool wanted = shell.options.get(Option::Monitor) && !shell.in_subshell;
  if (wanted == shell.job_control.active) return;
  if (wanted) {
    turn_on(shell);
  } else {
    turn_off(shell);
  }
}

void end_job_control(Shell& shell) {
  if (shell.job_control.active && !shell.in_subshell) turn_off(shell);
}

void leave_job_control(Shell& shell) {
  JobControl& control = shell.job_control;
  if (!control.active) return;
  for (int sig : kStopSignals) {
    if (!shell.signals.ignored_on_entry(sig)) shell.signals.set(sig, SIG_DFL);
  }
  close_terminal(control);
  control.active = false;
}

JobStart::JobStart(Shell& shell, Job& job, bool foreground)
    : control_(shell.job_control), job_(job), foreground_(foreground) {}

spawn::ProcessGroup JobStart::group() const {
  spawn::ProcessGroup group;
  if (!control_.active) return group;
  group.policy = job_.pgid == 0 ? spawn::ProcessGroup::Policy::NewGroup
                                : spawn::ProcessGroup::Policy::Join;
  group.pgid = job_.pgid;
  return group;
}

int JobStart::terminal_fd() const {
  return control_.active && foreground_ && job_.pgid == 0 ? control_.terminal_fd : -1;
}

void JobStart::started(pid_t pid) {
  if (!control_.active || pid <= 0) return;
  bool first = job_.pgid == 0;
  if (first) job_.pgid = pid;
  // The child does the same; whichever runs first wins, the other fails harmlessly (EACCES once
  // the child has exec'd).
  ::setpgid(pid, job_.pgid);
  if (first && foreground_ && control_.terminal_fd >= 0) ::tcsetpgrp(control_.terminal_fd, pid);
}

void foreground_job_settled(Shell& shell, Job& job) {
  JobControl& control = shell.job_control;
  if (job.pgid <= 0 || control.terminal_fd < 0) return;
  ::tcsetpgrp(control.terminal_fd, control.shell_pgid);
  const bool stopped = job.stopped();
  if (stopped) job.have_modes = ::tcgetattr(control.terminal_fd, &job.modes) == 0;
  bool killed = false;
  for (const spawn::ProcessRecord& p : job.processes) killed = killed || p.status.is_signaled();
  if (stopped || killed) {
    if (control.have_modes) ::tcsetattr(control.terminal_fd, TCSADRAIN, &control.modes);
  } else if (shell.interactive) {
    control.have_modes = ::tcgetattr(control.terminal_fd, &control.modes) == 0;
  }
}

void mark_running(Job& job) {
  for (spawn::ProcessRecord& p : job.processes) {
    if (!p.done && p.status.is_stopped()) p.status = spawn::WaitStatus::exited(0);  // running
  }
  job.changed = false;
}

void continue_job(Shell& shell, Job& job, bool foreground) {
  JobControl& control = shell.job_control;
  if (foreground && control.terminal_fd >= 0) {
    if (job.have_modes) ::tcsetattr(control.terminal_fd, TCSADRAIN, &job.modes);
    ::tcsetpgrp(control.terminal_fd, job.pgid);
  }
  job.have_modes = false;  // a job continued in the background sets its own when it is back
  mark_running(job);
  // Sent even when no stop was reaped yet: a `kill -STOP` just before may not have been seen,
  // and SIGCONT also clears the stop report the kernel still holds.
  ::kill(-job.pgid, SIGCONT);
}

void before_prompt(Shell& shell) {
  JobControl& control = shell.job_control;
  control.exit_warning_armed = control.exit_warning_given;
  control.exit_warning_given = false;
  if (control.active) notify_changed_jobs(shell);
}

bool exit_refused_for_stopped_jobs(Shell& shell) {
  JobControl& control = shell.job_control;
  if (!shell.interactive || !control.active || control.exit_warning_armed) return false;
  reap_at_safe_point(shell);
  bool any_stopped = false;
  for (const Job& job : shell.jobs.all()) any_stopped = any_stopped || (job.used() && job.stopped());
  if (!any_stopped) return false;
  control.exit_warning_given = true;
  constexpr std::string_view kWarning = "There are stopped jobs.\n";
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, kWarning.data(), kWarning.size());
  return true;
}

bool notify_at_once(const Shell& shell) {
  return shell.interactive && shell.job_control.active && shell.options.get(Option::Notify);
}

void notify_changed_jobs(Shell& shell) {
  std::string text = take_job_notices(shell);
  if (text.empty()) return;
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
}

std::string take_job_notices(Shell& shell) {
  reap_at_safe_point(shell);
  std::string text;
  std::vector<Job*> finished;
  for (Job& job : shell.jobs.all()) {
    if (!job.used() || !job.changed) continue;
    job.changed = false;
    if (!job.done() && !job.stopped()) continue;
    text += job_status_line(shell.jobs, job, false);
    text += '\n';
    if (job.done()) finished.push_back(&job);
  }
  // A finished job leaves the table once reported (as dash); after every line was made, so
  // that + and - mark the jobs as they were.
  for (Job* job : finished) shell.jobs.forget(*job);
  return text;
}

}  // namespace spawnsh
