// A stable, readable text dump of the AST, used by golden tests and `spawnsh --dump-ast`.
//
// One node per line, indented by two spaces per level, each with its position as @LINE:COL.
// Single-child wrappers are left out to keep dumps short: an and-or list with one pipeline
// prints the pipeline, a pipeline with one command and no `!` prints the command, and a word
// made of one literal prints as  word "text" @L:C.
#pragma once

#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh::syntax {

std::string dump_program(const Program& program);
std::string dump_command_list(const CommandList& list, int indent = 0);
std::string dump_word(const Word& word, int indent = 0);

}  // namespace spawnsh::syntax
