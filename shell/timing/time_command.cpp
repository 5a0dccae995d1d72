#include "shell/timing/time_command.h"

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/shell_fds.h"
#include "shell/jobs/job_text.h"
#include "shell/platform/write_all.h"
#include "shell/shell.h"
#include "shell/syntax/ast.h"
#include "shell/timing/job_timing.h"
#include "shell/timing/time_format.h"
#include "shell/timing/time_verbose.h"

namespace spawnsh::timing {
namespace {

// Like bash: a report that cannot be written is dropped.
using platform::write_all;

// TIMEFORMAT's value; bash's default when it is unset.
std::string_view time_format(const Shell& shell) {
  const Variable* v = shell.vars.find("TIMEFORMAT");
  if (v == nullptr || !v->set) return kDefaultTimeFormat;
  return v->value;
}

// The report in `format` (an empty format prints nothing, not even the newline, as in bash).
std::string formatted_report(Shell& shell, std::string_view format, const JobFigures& f) {
  if (format.empty()) return {};
  std::vector<std::string> unknown;
  std::string text = format_time(format, f, &unknown);
  for (const std::string& escape : unknown) {
    shell.error("TIMEFORMAT: '" + escape + "': unknown escape, shown as written");
  }
  return text + '\n';
}

// Names the processes that are the pipeline's own elements (the others, made by shell code
// inside them, keep an empty name): the waiter keeps the elements' records as the last foreground job.
void name_processes(const Shell& shell, const syntax::Pipeline& pipeline,
                    std::vector<TimedProcess>& processes) {
  const auto& elements = shell.jobs.last_foreground().processes;
  if (elements.size() != pipeline.commands.size()) return;
  for (TimedProcess& p : processes) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (elements[i].pid == p.record.pid) p.command = job_text(pipeline.commands[i]);
    }
  }
}

bool parse_limit(const Shell& shell, std::string_view name, double& limit) {
  const Variable* v = shell.vars.find(name);
  if (v == nullptr || !v->set || v->value.empty()) return false;
  char* end = nullptr;
  errno = 0;
  limit = std::strtod(v->value.c_str(), &end);
  return errno == 0 && end != nullptr && *end == '\0' && limit >= 0;
}

}  // namespace

int run_timed_pipeline(Shell& shell, const syntax::Pipeline& pipeline) {
  // The standard error of now, kept out of the script's fds, for the report.
  int report_fd = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, kShellFdBase);
  syntax::Pipeline inner = pipeline;
  inner.timed = false;
  inner.negated = false;
  JobTiming timing;
  // Reported however the pipeline ends: normally, or by an error that unwinds the command (an
  // expansion error in a special builtin): the job did run, and bash reports it too.
  auto report = [&](int status) {
    timing.stop();
    JobFigures figures = timing.figures();
    figures.status = status;
    std::string text;
    if (pipeline.time_verbose) {
      name_processes(shell, pipeline, timing.processes());
      text = verbose_report(figures, job_text(inner), timing.processes());
    } else {
      text = formatted_report(shell, pipeline.time_posix ? kPosixTimeFormat : time_format(shell),
                              figures);
    }
    if (report_fd >= 0) {
      write_all(report_fd, text);
      ::close(report_fd);
    }
  };
  int status = 0;
  timing.start();
  try {
    if (!inner.commands.empty()) status = exec::execute_pipeline(shell, inner, false);
  } catch (const CommandError& error) {
    report(error.status);
    throw;
  } catch (...) {
    if (report_fd >= 0) ::close(report_fd);
    throw;
  }
  report(status);
  return pipeline.negated ? (status == 0 ? 1 : 0) : status;
}

void report_if_expensive(Shell& shell, const std::vector<spawn::ProcessRecord>& processes) {
  if (timing_active()) return;
  double cpu_limit = 0, memory_limit = 0;
  bool by_cpu = parse_limit(shell, "REPORTTIME", cpu_limit);
  bool by_memory = parse_limit(shell, "REPORTMEMORY", memory_limit);
  if (!by_cpu && !by_memory) return;
  JobFigures f = figures_of(processes);
  if (f.processes == 0) return;
  double cpu = static_cast<double>((f.usage.user + f.usage.system).count()) / 1e6;
  bool over = (by_cpu && cpu > cpu_limit) ||
              (by_memory && static_cast<double>(f.usage.max_rss_kib) > memory_limit);
  if (over) write_all(STDERR_FILENO, formatted_report(shell, time_format(shell), f));
}

}  // namespace spawnsh::timing
