// Parameter expansion (XCU 2.6.2): the value of $name, ${name}, ${#name} and every ${name op
// word} form, apart from $@ and $* (the word expander splits those itself).
#pragma once

#include <optional>
#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::expand {

struct ParameterResult {
  std::string value;
  // Set when the expansion is the operator's word (${x:-word} with x unset, ${x:+word} with x
  // set...): the caller expands that word itself, keeping its quoting.
  const syntax::Word* argument = nullptr;
};

// The value of a parameter, or nullopt when it is unset.
std::optional<std::string> parameter_value(Shell& shell, std::string_view name);

// Throws CommandError (after printing the message) for ${x?}, set -u and bad substitutions.
ParameterResult expand_parameter(Shell& shell, const syntax::ParameterPart& part, bool quoted);

}  // namespace spawnsh::expand
