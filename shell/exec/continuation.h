// Which piece of the program a child runs, in a form that can leave the process: the node of
// the tree (for the emulated backend, which writes it out as text: shell/exec/emulated_child.*)
// beside the callable that fork runs in its copy of the shell (ChildBody in child.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shell/syntax/ast.h"

namespace spawnsh::exec {

struct Continuation {
  enum class Kind : std::uint8_t {
    None,             // not described: only a backend that copies the process can run it
    Program,          // the program of a $( ) or backquote: execute(program)
    List,             // the body of ( ): execute(list)
    AndOr,            // a background list: execute_and_or
    Command,          // a pipeline element that runs shell code: execute_command
    ExpandedCommand,  // a pipeline element whose words the parent expanded: execute_expanded
  };
  Kind kind = Kind::None;
  const void* node = nullptr;
  const std::vector<std::string>* expanded = nullptr;  // ExpandedCommand: the fields

  Continuation() = default;
  explicit Continuation(const syntax::Program& p) : kind(Kind::Program), node(&p) {}
  explicit Continuation(const syntax::CommandList& l) : kind(Kind::List), node(&l) {}
  explicit Continuation(const syntax::AndOr& a) : kind(Kind::AndOr), node(&a) {}
  explicit Continuation(const syntax::Command& c) : kind(Kind::Command), node(&c) {}
  Continuation(const syntax::Command& c, const std::vector<std::string>& fields)
      : kind(Kind::ExpandedCommand), node(&c), expanded(&fields) {}
};

}  // namespace spawnsh::exec
