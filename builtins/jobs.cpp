// jobs [-l|-p] [job_id...] (XCU jobs), and fg and bg for as much as a shell without job control
// can do: say so. The job table is shell/jobs/job_table.h.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "shell/timing/time_format.h"

namespace spawnsh::builtins {
namespace {

// The state column: Running, Done, Done(code), or the signal's description as strsignal gives
// it (Terminated, Killed...), as dash prints them. The status of the last process is the job's.
std::string job_state(const Job& job) {
  if (job.stopped()) return "Stopped";
  if (!job.done()) return "Running";
  const spawn::WaitStatus& status = job.processes.back().status;
  if (status.is_exited()) {
    return status.exit_code() == 0 ? "Done" : "Done(" + std::to_string(status.exit_code()) + ")";
  }
  const char* description = ::strsignal(status.signal());
  std::string state = description != nullptr ? description : "Signal " + std::to_string(status.signal());
  if (status.core_dumped()) state += " (core dumped)";
  return state;
}

enum class Format { Normal, Long, Pids };

// What -l adds under a finished job: its figures from the wait4 records the waiter kept (the
// job leaves the table once reported, so this is the one chance to see them).
constexpr std::string_view kFinishedJobFigures =
    "real %3Rs user %3Us sys %3Ss maxrss %MK processes %N via %B";

// One job in dash's layout: "[n] + " (+ current, - previous), the pid with -l, the state, and
// the command from column 33. With -l, each further process of a pipeline gets a line with its
// pid under the first one, and a finished job a line of its figures.
void show_job(Shell& shell, Job& job, Format format, Output& out) {
  if (format == Format::Pids) {
    out.put(std::to_string(job.processes.front().pid) + "\n");
    return;
  }
  auto [current, previous] = shell.jobs.current_and_previous();
  std::size_t number = shell.jobs.number_of(job);
  std::string line = "[" + std::to_string(number) + "] ";
  std::size_t indent = line.size() + 2;
  line += &job == current ? "+ " : &job == previous ? "- " : "  ";
  if (format == Format::Long) line += std::to_string(job.processes.front().pid) + " ";
  line += job_state(job);
  line.append(line.size() < 33 ? 33 - line.size() : 1, ' ');
  line += job.text;
  line += '\n';
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
  // A finished job is reported once (dash): it leaves the table, and `wait` no longer knows it.
  if (job.done()) shell.jobs.forget(job);
}

// fg and bg: the job operand is checked as dash does, then refused: jobs are not started in
// process groups of their own without job control, and with it on there is no terminal
// hand-over yet.
int refuse_job_control(Shell& shell, std::span<const std::string> argv) {
  const std::string& name = argv[0];
  std::size_t first = argv.size() > 1 && argv[1] == "--" ? 2 : 1;
  std::string spec = first < argv.size() ? argv[first] : "%%";
  reap_at_safe_point(shell);
  JobLookup found = shell.jobs.find(spec);
  if (found.job == nullptr) {
    shell.error(name + ": " + found.error);
    return 2;
  }
  std::size_t number = shell.jobs.number_of(*found.job);
  if (shell.options.get(Option::Monitor)) {
    shell.error(name + ": job %" + std::to_string(number) +
                ": job control is not supported by spawnsh yet (no terminal hand-over)");
  } else {
    shell.error(name + ": job %" + std::to_string(number) + " not created under job control");
  }
  return 2;
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
    return out.status(0);
  }
  for (; i < argv.size(); ++i) {
    const std::string& spec = argv[i];
    JobLookup found = !spec.empty() && spec[0] == '%' ? shell.jobs.find(spec)
                                                      : JobLookup{nullptr, "No such job: " + spec};
    if (found.job == nullptr) {
      out.flush();
      shell.error("jobs: " + found.error);
      return out.status(2);
    }
    show_job(shell, *found.job, format, out);
  }
  return out.status(0);
}

int fg(Shell& shell, std::span<const std::string> argv) { return refuse_job_control(shell, argv); }

int bg(Shell& shell, std::span<const std::string> argv) { return refuse_job_control(shell, argv); }

}  // namespace spawnsh::builtins
