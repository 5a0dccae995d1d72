// The text a job is known by: rebuilt from the AST (the source text is not kept).
#include "shell/jobs/job_text.h"

#include <cstring>

#include "shell/jobs/job_table.h"
#include "shell/syntax/ast.h"

namespace spawnsh {
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

void append_simple(std::string& out, const syntax::SimpleCommand& c) {
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
}

void append_command(std::string& out, const syntax::Command& command) {
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, syntax::SimpleCommand>) {
          append_simple(out, c);
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

}  // namespace

std::string job_text(const syntax::Command& command) {
  std::string out;
  append_command(out, command);
  return out;
}

std::string job_text(const syntax::SimpleCommand& command) {
  std::string out;
  append_simple(out, command);
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

std::string job_state(const Job& job) {
  const spawn::WaitStatus* status = nullptr;
  if (job.stopped()) {
    for (const spawn::ProcessRecord& p : job.processes) {
      if (!p.done && p.status.is_stopped()) {
        status = &p.status;
        break;
      }
    }
  } else if (job.done()) {
    status = &job.processes.back().status;
  } else {
    return "Running";
  }
  if (status->is_exited()) {
    return status->exit_code() == 0 ? "Done" : "Done(" + std::to_string(status->exit_code()) + ")";
  }
  const char* description = ::strsignal(status->signal());
  std::string state =
      description != nullptr ? description : "Signal " + std::to_string(status->signal());
  if (status->core_dumped()) state += " (core dumped)";
  return state;
}

std::string job_status_line(JobTable& table, const Job& job, bool with_pid) {
  auto [current, previous] = table.current_and_previous();
  std::string line = "[" + std::to_string(table.number_of(job)) + "] ";
  line += &job == current ? "+ " : &job == previous ? "- " : "  ";
  if (with_pid) line += std::to_string(job.processes.front().pid) + " ";
  line += job_state(job);
  line.append(line.size() < 33 ? 33 - line.size() : 1, ' ');
  line += job.text;
  return line;
}

}  // namespace spawnsh
