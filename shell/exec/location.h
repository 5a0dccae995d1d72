// Which file and line error messages (and $LINENO) name while a command runs.
#pragma once

#include <string_view>

namespace spawnsh {

class Shell;

namespace syntax {
struct SourceRange;
}

namespace exec {

// Source names of the text that eval and trap actions run (they show in syntax errors).
inline constexpr std::string_view kEvalSourceName = "eval";
inline constexpr std::string_view kTrapSourceName = "trap";

// Makes `range`, the command about to run, the location that messages report: the file the
// command was read from (a script, a `.` file, the file that defined a function) and its line.
// Text run by eval or a trap action has no file a user could open: its commands keep the
// location of the command that ran them. Commands from -c or standard input have a line only.
void enter_location(Shell& shell, const syntax::SourceRange& range);

}  // namespace exec
}  // namespace spawnsh
