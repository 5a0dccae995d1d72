// The text a job is known by (what %string and %?string match, what `jobs` shows).
#pragma once

#include <string>

namespace spawnsh::syntax {
struct AndOr;
struct Command;
struct Pipeline;
struct SimpleCommand;
}  // namespace spawnsh::syntax

namespace spawnsh {

// The command words of each simple command, compound commands by their keyword, joined by
// | && and ||.
std::string job_text(const syntax::AndOr& and_or);
std::string job_text(const syntax::Pipeline& pipeline);
std::string job_text(const syntax::Command& command);  // one element of a pipeline
std::string job_text(const syntax::SimpleCommand& command);

}  // namespace spawnsh

namespace spawnsh {

struct Job;
class JobTable;

// The state column of `jobs` and of the shell's notices, as dash words it: Running, Done,
// Done(code), or the description strsignal gives the signal that stopped or killed the job
// (Stopped, Stopped (tty input), Terminated, Killed...).
std::string job_state(const Job& job);

// A job's status line in dash's layout: "[n] + State", the command from column 33 (+ marks the
// current job, - the previous one), with the first process id before the state when
// `with_pid`. No newline.
std::string job_status_line(JobTable& table, const Job& job, bool with_pid);

}  // namespace spawnsh
