// A parsed tree written back as shell text that parses to the same tree: how the emulated
// backend hands a fresh spawnsh the piece of the program it is to run (shell/exec/emulated.*).
//
// Why not the text the user wrote: the tree is what runs. Aliases were already replaced when it
// was parsed (parsing the original text again in the child would expand them again, with the
// aliases of that moment), backquotes were parsed from text whose backslashes were processed,
// and a subtree may come from a -c string, a `.` file, eval, a trap or a function whose text
// is gone. The tree has all of it.
//
// Lines are kept: the text starts at the line of the first node, and a newline is put before a
// command wherever the grammar allows one until the output reaches the line the command had, so
// that LINENO and error messages in the child name the lines the parent would. Here-document
// bodies follow the next newline, as written, with delimiters of our own that no body line
// matches.
#pragma once

#include <cstdint>
#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh::syntax {

struct UnparsedText {
  std::string text;
  std::uint32_t first_line = 1;  // the line the text's first line stands for
};

UnparsedText unparse(const Program& program);
UnparsedText unparse(const CommandList& list);
UnparsedText unparse(const AndOr& and_or);
UnparsedText unparse(const Command& command);

}  // namespace spawnsh::syntax
