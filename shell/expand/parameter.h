// Parameter expansion (XCU 2.6.2): the value of $name, ${name}, ${#name} and every ${name op
// word} form. $@ and $*, alone or with an operator, give a list that the word expander joins or
// splits itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

// ${@op word} / ${*op word} (any operator but #, the length): either the operator's word, or the
// positional parameters, each with the pattern removed for # ## % %%, which the caller expands
// like "$@" or "$*".
struct PositionalResult {
  std::vector<std::string> values;
  const syntax::Word* argument = nullptr;
};

// `one_field`: the expansion is joined into one string (quoted $*, or any string context),
// with `separator` (the first byte of IFS); otherwise it gives a field per parameter. That
// decides when the parameters count as null for :- := :? :+.
PositionalResult expand_positional_operator(Shell& shell, const syntax::ParameterPart& part,
                                            bool one_field, std::string_view separator);

}  // namespace spawnsh::expand
