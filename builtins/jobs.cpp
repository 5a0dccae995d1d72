// jobs [-l|-p] [job_id...], fg and bg (XCU jobs, fg, bg). The job table is
// shell/jobs/job_table.h; groups, the terminal and continuing a job are shell/jobs/job_control.h.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/jobs/job_text.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "shell/timing/time_format.h"

namespace spawnsh::builtins {
namespace {

enum class Format { Normal, Long, Pids };

// What -l adds under a finished job: its figures from the wait4 records the waiter kept (the
// job leaves the table once reported, so this is the one chance to see them).
constexpr std::string_view kFinishedJobFigures =
    "real %3Rs user %3Us sys %3Ss maxrss %MK processes %N via %B";

// One job in dash's layout (shell/jobs/job_text.h), the pid with -l. With -l, each further
// process of a pipeline gets a line with its pid under the first one, and a finished job a line
// of its figures.
void show_job(Shell& shell, Job& job, Format format, Output& out) {
  if (format == Format::Pids) {
    out.put(std::to_string(job.pgid > 0 ? job.pgid : job.processes.front().pid) + "\n");
    return;
  }
  std::string line = job_status_line(shell.jobs, job, format == Format::Long) + "\n";
  std::size_t indent = std::to_string(shell.jobs.number_of(job)).size() + 5;
  if (format == Format::Long) {
    for (std::size_t i = 1; i < job.processes.size(); ++i) {
      line.append(indent, ' ');
      line += std::to_string(job.processes[i].pid) + "\n";
    }
    if (job.done()) {
      line.append(indent, ' ');
      line += timing::format_time(kFinishedJobFigures, timing::figures_of(job.processes)) + "\n";
    }
  }
  out.put(line);
  job.changed = false;  // reported: no notice for it before the next prompt
}

// The job a fg or bg operand names, or nullptr after the error (status 2 then). A job started
// without job control (no group of its own) cannot be brought back (dash's words).
Job* job_to_resume(Shell& shell, const std::string& name, const std::string& spec) {
  JobLookup found = shell.jobs.find(spec);
  if (found.job == nullptr) {
    shell.error(name + ": " + found.error);
    return nullptr;
  }
  if (found.job->pgid <= 0 || !shell.job_control.active) {
    shell.error(name + ": job %" + std::to_string(shell.jobs.number_of(*found.job)) +
                " not created under job control");
    return nullptr;
  }
  return found.job;
}

// A finished job is reported once (dash): it leaves the table, and `wait` no longer knows it.
// After all the lines are made, so that + and - mark the jobs as they were.
void forget_finished(Shell& shell, std::span<Job* const> shown) {
  for (Job* job : shown) {
    if (job->used() && job->done()) shell.jobs.forget(*job);
  }
}

std::size_t first_operand(std::span<const std::string> argv) {
  return argv.size() > 1 && argv[1] == "--" ? 2 : 1;
}

}  // namespace

int jobs(Shell& shell, std::span<const std::string> argv) {
  Format format = Format::Normal;
  std::size_t i = 1;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < argv[i].size(); ++k) {
      char letter = argv[i][k];
      if (letter != 'l' && letter != 'p') {
        shell.error("jobs: Illegal option -" + std::string(1, letter));
        return 2;
      }
      format = letter == 'l' ? Format::Long : Format::Pids;  // the last one given counts (dash)
    }
  }
  reap_at_safe_point(shell);
  Output out(shell, "jobs");
  if (i == argv.size()) {
    // Newest first, as dash lists them.
    std::vector<Job*> listed;
    for (Job& job : shell.jobs.all()) {
      if (job.used()) listed.push_back(&job);
    }
    std::sort(listed.begin(), listed.end(),
              [](const Job* a, const Job* b) { return a->serial > b->serial; });
    for (Job* job : listed) show_job(shell, *job, format, out);
    if (format != Format::Pids) forget_finished(shell, listed);
    return out.status(0);
  }
  for (; i < argv.size(); ++i) {
    const std::string& spec = argv[i];
    JobLookup found = !spec.empty() && spec[0] == '%' ? shell.jobs.find(spec)
                                                      : JobLookup{nullptr, "No such job: " + spec};
    if (found.job == nullptr) {
      out.error("jobs: " + found.error);
      return out.status(2);
    }
    show_job(shell, *found.job, format, out);
    Job* shown[] = {found.job};
    if (format != Format::Pids) forget_finished(shell, shown);
  }
  return out.status(0);
}

// fg [job]: the job's command line on standard output, the terminal to its group, SIGCONT if it
// was stopped, and the shell waits for it as for any foreground job (XCU fg).
int fg(Shell& shell, std::span<const std::string> argv) {
  std::size_t first = first_operand(argv);
  reap_at_safe_point(shell);
  Job* found = job_to_resume(shell, "fg", first < argv.size() ? argv[first] : "%%");
  if (found == nullptr) return 2;
  {
    Output out(shell, "fg");
    out.put(found->text + "\n");
    if (out.status(0) != 0) return 1;
  }
  Job job = take_job(shell, *found);
  continue_job(shell, job, true);
  return wait_for_foreground(shell, job);
}

// bg [job...]: each stopped job continued in the background, "[n] command" on standard output
// (XCU bg); a job already running is left as it is.
int bg(Shell& shell, std::span<const std::string> argv) {
  std::size_t first = first_operand(argv);
  reap_at_safe_point(shell);
  std::vector<std::string> specs(argv.begin() + static_cast<std::ptrdiff_t>(first), argv.end());
  if (specs.empty()) specs.emplace_back("%%");
  Output out(shell, "bg");
  int status = 0;
  for (const std::string& spec : specs) {
    Job* job = job_to_resume(shell, "bg", spec);
    if (job == nullptr) {
      status = 2;
      continue;
    }
    // Written before the job goes on, so that its own output cannot come first.
    out.put("[" + std::to_string(shell.jobs.number_of(*job)) + "] " + job->text + "\n");
    out.flush();
    continue_job(shell, *job, false);
  }
  return out.status(status);
}

}  // namespace spawnsh::builtins
