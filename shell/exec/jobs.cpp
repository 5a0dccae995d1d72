#include "shell/exec/jobs.h"

#include <algorithm>
#include <climits>
#include <unistd.h>

#include "shell/exec/external.h"
#include "shell/syntax/ast.h"

namespace spawnsh::exec {
namespace {

void append_word(std::string& out, const syntax::WordParts& parts);

void append_part(std::string& out, const syntax::WordPart& part) {
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, syntax::LiteralPart>) {
          out += p.text;
        } else if constexpr (std::is_same_v<T, syntax::EscapedPart>) {
          out += '\\';
          out += p.text;
        } else if constexpr (std::is_same_v<T, syntax::SingleQuotedPart>) {
          out += '\'';
          out += p.text;
          out += '\'';
        } else if constexpr (std::is_same_v<T, syntax::DollarSingleQuotedPart>) {
          out += "$'...'";
        } else if constexpr (std::is_same_v<T, syntax::DoubleQuotedPart>) {
          out += '"';
          append_word(out, p.parts);
          out += '"';
        } else if constexpr (std::is_same_v<T, syntax::ParameterPart>) {
          out += p.braced ? "${" + std::string(p.name) + "}" : "$" + std::string(p.name);
        } else if constexpr (std::is_same_v<T, syntax::TildePart>) {
          out += '~';
          out += p.user;
        } else if constexpr (std::is_same_v<T, syntax::ArithmeticPart>) {
          out += "$((...))";
        } else {
          out += "$(...)";
        }
      },
      part.value);
}

void append_word(std::string& out, const syntax::WordParts& parts) {
  for (const syntax::WordPart& part : parts) append_part(out, part);
}

void append_command(std::string& out, const syntax::Command& command) {
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, syntax::SimpleCommand>) {
          bool first = true;
          for (const syntax::Assignment& a : c.assignments) {
            if (!first) out += ' ';
            first = false;
            out += a.name;
            out += '=';
            append_word(out, a.value.parts);
          }
          for (const syntax::Word& w : c.words) {
            if (!first) out += ' ';
            first = false;
            append_word(out, w.parts);
          }
        } else if constexpr (std::is_same_v<T, syntax::BraceGroup>) {
          out += "{ ... }";
        } else if constexpr (std::is_same_v<T, syntax::Subshell>) {
          out += "( ... )";
        } else if constexpr (std::is_same_v<T, syntax::ForClause>) {
          out += "for " + std::string(c.name);
        } else if constexpr (std::is_same_v<T, syntax::CaseClause>) {
          out += "case";
        } else if constexpr (std::is_same_v<T, syntax::IfClause>) {
          out += "if";
        } else if constexpr (std::is_same_v<T, syntax::LoopClause>) {
          out += c.kind == syntax::LoopKind::While ? "while" : "until";
        } else {
          out += std::string(c.name) + "()";
        }
      },
      command.value);
}

// How many finished jobs nobody has waited for are remembered: POSIX asks for the CHILD_MAX
// most recent at least (XCU 2.9.3.1), which is also the most a script could have running.
std::size_t remembered_limit() {
  long child_max = ::sysconf(_SC_CHILD_MAX);
  if (child_max < _POSIX_CHILD_MAX) child_max = _POSIX_CHILD_MAX;
  return static_cast<std::size_t>(child_max);
}

bool is_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string job_text(const syntax::Command& command) {
  std::string out;
  append_command(out, command);
  return out;
}

std::string job_text(const syntax::Pipeline& pipeline) {
  std::string out = pipeline.negated ? "! " : "";
  if (pipeline.timed) out += pipeline.time_posix ? "time -p " : "time ";
  for (const syntax::Command& command : pipeline.commands) {
    if (&command != &pipeline.commands.front()) out += " | ";
    append_command(out, command);
  }
  return out;
}

std::string job_text(const syntax::AndOr& and_or) {
  std::string out;
  for (const syntax::AndOrLink& link : and_or.links) {
    if (link.op == syntax::AndOrOp::And) out += " && ";
    if (link.op == syntax::AndOrOp::Or) out += " || ";
    out += job_text(link.pipeline);
  }
  return out;
}

std::size_t add_job(Shell& shell, std::vector<spawn::ProcessRecord> processes, std::string text,
                    pid_t pgid) {
  // A script may start jobs by the thousand: the table is walked only when `wait` has given a
  // status since the last job, or when it is as big as the limit.
  std::vector<Job>& jobs = shell.jobs;
  auto forget = [&](Job& job) { forget_job(shell, job); };
  if (shell.jobs_waited) {
    for (Job& job : jobs) {
      if (job.used() && job.waited && job.done()) forget(job);
    }
    shell.jobs_waited = false;
  }
  if (std::size_t limit = remembered_limit(); jobs.size() >= limit) {
    // Past the limit, the oldest finished jobs are forgotten (a script that never waits).
    std::size_t finished = 0;
    for (const Job& job : jobs) finished += job.used() && job.done() ? 1 : 0;
    for (; finished >= limit; --finished) {
      Job* oldest = nullptr;
      for (Job& job : jobs) {
        if (job.used() && job.done() && (oldest == nullptr || job.serial < oldest->serial)) {
          oldest = &job;
        }
      }
      forget(*oldest);
    }
  }
  while (!jobs.empty() && !jobs.back().used()) {
    jobs.pop_back();
    if (shell.free_job_slots > 0) --shell.free_job_slots;
  }
  auto slot = jobs.end();
  if (shell.free_job_slots > 0) {
    slot = std::find_if(jobs.begin(), jobs.end(), [](const Job& job) { return !job.used(); });
  }
  if (slot == jobs.end()) {
    shell.free_job_slots = 0;
    slot = jobs.insert(jobs.end(), Job{});
  } else {
    --shell.free_job_slots;
  }
  slot->processes = std::move(processes);
  slot->text = std::move(text);
  slot->pgid = pgid;
  slot->serial = ++shell.job_serial;
  slot->waited = false;
  std::size_t number = static_cast<std::size_t>(slot - jobs.begin()) + 1;
  // A loop that starts jobs may never reach the reaping between commands: reap here too, now
  // that the new job's processes are in the table to take their statuses.
  reap_background(shell);
  return number;
}

std::pair<Job*, Job*> current_and_previous_jobs(Shell& shell) {
  Job* current = nullptr;
  Job* previous = nullptr;
  for (Job& job : shell.jobs) {
    if (!job.used()) continue;
    if (current == nullptr || job.serial > current->serial) {
      previous = current;
      current = &job;
    } else if (previous == nullptr || job.serial > previous->serial) {
      previous = &job;
    }
  }
  return {current, previous};
}

void forget_job(Shell& shell, Job& job) {
  job = Job{};
  ++shell.free_job_slots;
}

JobLookup find_job(Shell& shell, std::string_view spec) {
  std::string_view body = spec.substr(1);
  auto no_such_job = [&] { return JobLookup{nullptr, "No such job: " + std::string(spec)}; };
  if (body.empty() || body == "%" || body == "+" || body == "-") {
    auto [current, previous] = current_and_previous_jobs(shell);
    if (body == "-") {
      if (previous == nullptr) return {nullptr, "No previous job"};
      return {previous, {}};
    }
    if (current == nullptr) return {nullptr, "No current job"};
    return {current, {}};
  }
  if (is_number(body)) {
    std::size_t n = 0;
    for (char c : body) {
      n = n * 10 + static_cast<std::size_t>(c - '0');
      if (n > shell.jobs.size()) return no_such_job();
    }
    if (n == 0 || !shell.jobs[n - 1].used()) return no_such_job();
    return {&shell.jobs[n - 1], {}};
  }
  bool anywhere = body[0] == '?';
  std::string_view wanted = anywhere ? body.substr(1) : body;
  Job* found = nullptr;
  for (Job& job : shell.jobs) {
    if (!job.used()) continue;
    bool match = anywhere ? job.text.find(wanted) != std::string::npos
                          : std::string_view(job.text).substr(0, wanted.size()) == wanted;
    if (!match) continue;
    if (found != nullptr) return {nullptr, std::string(spec) + ": ambiguous"};
    found = &job;
  }
  return found != nullptr ? JobLookup{found, {}} : no_such_job();
}

Job* find_job_by_pid(Shell& shell, pid_t pid, spawn::ProcessRecord** process) {
  for (Job& job : shell.jobs) {
    for (spawn::ProcessRecord& p : job.processes) {
      if (p.pid != pid) continue;
      if (process != nullptr) *process = &p;
      return &job;
    }
  }
  return nullptr;
}

}  // namespace spawnsh::exec
