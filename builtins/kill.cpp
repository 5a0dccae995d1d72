// kill [-s signal | -n number | -signal] pid|%job...   kill -l [exit_status | name...]  (XCU kill)
//
// A pid is a decimal process id (negative: a process group); a job spec (%n, %%, %+, %-,
// %string, %?string: shell/jobs/job_table.h) names a background job. Each operand that cannot be
// signalled is reported and makes the status 1 (2 for a malformed one or an unknown job, as
// dash has it); the others are still signalled.
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <unistd.h>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"
#include "shell/signal_names.h"

namespace spawnsh::builtins {
namespace {

bool parse_int(std::string_view text, long long& value) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

int list(Shell& shell, std::span<const std::string> operands) {
  Output out(shell, "kill");
  if (operands.empty()) {
    for (int n = 1; n < kSignalLimit; ++n) {
      std::string name = signal_name(n);
      if (name.empty()) continue;
      out.put(name);
      out.put('\n');
    }
    return out.status(0);
  }
  int status = 0;
  for (const std::string& operand : operands) {
    long long n = 0;
    std::string name;
    if (parse_int(operand, n)) {
      // an exit status of a process killed by a signal is 128 + the signal
      if (n > 128 && n < 128 + kSignalLimit) n -= 128;
      if (n > 0 && n < kSignalLimit) name = signal_name(static_cast<int>(n));
    } else if (int number = signal_number(operand); number > 0) {
      name = std::to_string(number);  // a name gives its number, as in bash and busybox
    }
    if (name.empty()) {
      out.error("kill: " + operand + ": invalid signal number or exit status");
      status = 2;
      continue;
    }
    out.put(name);
    out.put('\n');
  }
  if (!out.flush()) return 1;
  return status;
}

// Sends `sig` to one operand; false (after a message) when it could not.
bool send(Shell& shell, int sig, const std::string& operand, bool& malformed) {
  if (!operand.empty() && operand[0] == '%') {
    JobLookup found = shell.jobs.find(operand);
    if (found.job == nullptr) {
      shell.error("kill: " + found.error);
      malformed = true;
      return false;
    }
    Job* job = found.job;
    if (job->pgid > 0 && !job->done()) {
      if (::kill(-job->pgid, sig) == 0) {
        // A stopped job cannot act on a signal that ends it until continued (as bash does);
        // sent whether or not a stop was seen yet, as a `kill -STOP` just before may not have
        // been reported.
        if (sig == SIGTERM || sig == SIGHUP) ::kill(-job->pgid, SIGCONT);
        if (sig == SIGTERM || sig == SIGHUP || sig == SIGCONT) mark_running(*job);
        return true;
      }
      shell.error("kill: " + operand + ": " + std::strerror(errno));
      return false;
    }
    bool any = false, failed = false;
    int error = 0;
    for (const spawn::ProcessRecord& p : job->processes) {
      if (p.pid <= 0 || p.done) continue;
      any = true;
      if (::kill(p.pid, sig) != 0) {
        failed = true;
        error = errno;
      }
    }
    if (!any) {
      shell.error("kill: " + operand + ": the job has terminated");
      return false;
    }
    if (failed) {
      shell.error("kill: " + operand + ": " + std::strerror(error));
      return false;
    }
    return true;
  }
  long long pid = 0;
  if (!parse_int(operand, pid) || pid != static_cast<pid_t>(pid)) {
    shell.error("kill: " + operand + ": not a process id or job");
    malformed = true;
    return false;
  }
  if (::kill(static_cast<pid_t>(pid), sig) != 0) {
    shell.error("kill: " + operand + ": " + std::strerror(errno));
    return false;
  }
  return true;
}

int usage(Shell& shell) {
  shell.error(
      "kill: usage: kill [-s signal | -n number | -signal] pid|%job... or kill -l [exit_status]");
  return 2;
}

}  // namespace

int kill(Shell& shell, std::span<const std::string> argv) {
  int sig = SIGTERM;
  std::size_t i = 1;
  if (i < argv.size()) {
    const std::string& arg = argv[i];
    if (arg == "-l") {
      return list(shell, argv.subspan(2));
    }
    if (arg == "--") {
      ++i;
    } else if (arg == "-s" || arg == "-n") {
      // -n takes a number (bash, yash, ksh); either takes a name or a number here
      if (i + 1 >= argv.size()) {
        shell.error("kill: " + arg + ": option requires an argument");
        return 2;
      }
      sig = parse_signal(argv[i + 1]);
      if (sig < 0) {
        shell.error("kill: " + argv[i + 1] + ": invalid signal");
        return 2;
      }
      i += 2;
      if (i < argv.size() && argv[i] == "--") ++i;
    } else if (arg.size() > 1 && arg[0] == '-') {
      sig = parse_signal(std::string_view(arg).substr(1));
      if (sig < 0) {
        shell.error("kill: " + arg.substr(1) + ": invalid signal");
        return 2;
      }
      ++i;
      if (i < argv.size() && argv[i] == "--") ++i;
    }
  }
  if (i >= argv.size()) return usage(shell);
  // A background job that has ended is reaped first: `kill -0 $!` must not find a zombie.
  reap_at_safe_point(shell);
  int status = 0;
  bool malformed = false;
  for (; i < argv.size(); ++i) {
    if (!send(shell, sig, argv[i], malformed)) status = 1;
  }
  return malformed ? 2 : status;
}

}  // namespace spawnsh::builtins
