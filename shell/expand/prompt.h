// Prompt strings: PS1 and PS2 before reading interactive input, PS4 before each `set -x` trace
// line.  POSIX subjects them to parameter expansion; like dash and bash, spawnsh does every
// expansion a here-document body gets ($x ${x...} $(...) `...` $((...))).
#pragma once

#include <string>
#include <string_view>

namespace spawnsh {
class Shell;
}

namespace spawnsh::expand {

// Expands `text`, the value of the prompt variable `name`.  Never fails: a syntax or expansion
// error is reported and `text` is used as it stands, as dash does, so a bad PS4 cannot end the
// shell.  Leaves $? as it was, and traces nothing while it runs.
std::string expand_prompt(Shell& shell, std::string_view name, const std::string& text);

}  // namespace spawnsh::expand
