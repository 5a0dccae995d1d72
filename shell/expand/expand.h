// Word expansion (XCU 2.6) in POSIX order: tilde, parameter, command substitution and
// arithmetic (left to right), field splitting, pathname expansion, quote removal. The steps
// themselves live beside this file (field_split, pattern, pathname, shell/arith); this file
// orders them over the parser's words.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::expand {

// Command words: every step, so one word may give zero, one or many fields.
void expand_fields(Shell& shell, std::span<const syntax::Word> words,
                   std::vector<std::string>& fields);

// One string, without field splitting or pathname expansion: assignment values, redirection
// targets, the `case` subject, here-document bodies (`as_assignment`: tildes after unquoted
// ':' too).
std::string expand_string(Shell& shell, const syntax::Word& word);

// An operand of a declaration utility (export, readonly) written NAME=value: expanded like an
// assignment (XCU 2.9.1, POSIX.1-2024): no field splitting or pathname expansion, and tilde
// prefixes after the = and after each unquoted ':'. `is_declaration_operand` tells which words.
std::string expand_declaration(Shell& shell, const syntax::Word& word);
bool is_declaration_operand(const syntax::Word& word);

// A pattern for `case` or ${x#pattern}: expanded like a string, but every quoted byte is
// backslash-escaped, as pattern.h asks.
std::string expand_pattern(Shell& shell, const syntax::Word& word);

// Parts as if inside double quotes (a here-document body).
std::string expand_quoted_parts(Shell& shell, const syntax::WordParts& parts);

// Command substitution needs a child, which is exec/'s business, while exec/ needs expansion
// for every word: so expansion calls it through this hook, which exec/ installs (see
// exec/command_substitution.h), and expand/ does not depend on exec/. The runner returns the
// output less trailing newlines and sets the substitution status. Until one is installed (a
// program that only expands), a substitution is an error.
using CommandSubstitutionRunner = std::string (*)(Shell& shell, const syntax::Program& program);
void set_command_substitution_runner(CommandSubstitutionRunner runner) noexcept;

}  // namespace spawnsh::expand
