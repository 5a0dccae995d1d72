#include "shell/timing/time_verbose.h"

#include <cstdio>

#include "shell/signal_names.h"
#include "shell/timing/time_format.h"

namespace spawnsh::timing {
namespace {

// GNU time's elapsed form: h:mm:ss, or m:ss.cc under an hour.
std::string elapsed(std::chrono::microseconds t) {
  long long us = t.count() < 0 ? 0 : static_cast<long long>(t.count());
  long long seconds = us / 1'000'000;
  char text[48];
  if (seconds >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld.%02lld", seconds / 60, seconds % 60,
                  us % 1'000'000 / 10'000);
  }
  return text;
}

std::string status_text(const spawn::WaitStatus& s) {
  if (s.is_exited()) return std::to_string(s.exit_code());
  std::string name = signal_name(s.signal());
  return name.empty() ? "signal " + std::to_string(s.signal()) : "SIG" + name;
}

void line(std::string& out, std::string_view label, std::string_view value) {
  out += '\t';
  out += label;
  out += ": ";
  out += value;
  out += '\n';
}

std::string cell(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text + ' ';
}

}  // namespace

std::string verbose_report(const JobFigures& f, std::string_view command,
                           const std::vector<TimedProcess>& processes) {
  std::string out;
  const auto& u = f.usage;
  long long real = f.real.count();
  long long cpu = (u.user + u.system).count();
  line(out, "Command being timed", "\"" + std::string(command) + "\"");
  line(out, "User time (seconds)", format_seconds(u.user, 2, false));
  line(out, "System time (seconds)", format_seconds(u.system, 2, false));
  line(out, "Percent of CPU this job got", std::to_string(real > 0 ? cpu * 100 / real : 0) + "%");
  line(out, "Elapsed (wall clock) time (h:mm:ss or m:ss)", elapsed(f.real));
  line(out, "Maximum resident set size (kbytes)", std::to_string(u.max_rss_kib));
  line(out, "Major (requiring I/O) page faults", std::to_string(u.major_faults));
  line(out, "Minor (reclaiming a frame) page faults", std::to_string(u.minor_faults));
  line(out, "Voluntary context switches", std::to_string(u.voluntary_switches));
  line(out, "Involuntary context switches", std::to_string(u.involuntary_switches));
  line(out, "File system inputs", std::to_string(u.block_inputs));
  line(out, "File system outputs", std::to_string(u.block_outputs));
  line(out, "Exit status", std::to_string(f.status));
  // Not in GNU time: how the processes were made.
  line(out, "Processes created", std::to_string(f.processes));
  line(out, "Backends", backend_list(f.backends));
  if (processes.size() < 2) return out;
  out += '\t';
  out += cell("PID", 8) + cell("BACKEND", 11) + cell("STATUS", 8) + cell("REAL", 9) +
         cell("USER", 9) + cell("SYS", 9) + cell("MAXRSS", 8) + "COMMAND\n";
  for (const TimedProcess& p : processes) {
    const spawn::ProcessRecord& r = p.record;
    auto wall = std::chrono::duration_cast<std::chrono::microseconds>(r.wall());
    out += '\t';
    out += cell(std::to_string(r.pid), 8);
    out += cell(std::string(spawn::backend_name(r.backend)), 11);
    out += cell(status_text(r.status), 8);
    out += cell(r.started == spawn::Clock::time_point{} ? "-" : format_seconds(wall, 3, false), 9);
    out += cell(format_seconds(r.usage.user, 3, false), 9);
    out += cell(format_seconds(r.usage.system, 3, false), 9);
    out += cell(std::to_string(r.usage.max_rss_kib), 8);
    out += p.command.empty() ? "-" : p.command;
    out += '\n';
  }
  return out;
}

}  // namespace spawnsh::timing
