// The text a job is known by (what %string and %?string match, what `jobs` shows).
#pragma once

#include <string>

namespace spawnsh::syntax {
struct AndOr;
struct Command;
struct Pipeline;
}  // namespace spawnsh::syntax

namespace spawnsh {

// The command words of each simple command, compound commands by their keyword, joined by
// | && and ||.
std::string job_text(const syntax::AndOr& and_or);
std::string job_text(const syntax::Pipeline& pipeline);
std::string job_text(const syntax::Command& command);  // one element of a pipeline

}  // namespace spawnsh
