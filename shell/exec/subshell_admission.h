// Virtual subshells (shell/exec/virtual_subshell.h): which bodies may run in this process, and
// what they may change. A static check of the AST, made before anything runs.
//
// The subshell environment (XCU 2.12) is kept exactly by construction: the decision is static,
// from the AST, and admits only a body whose effects on the shell are known and undone
// afterwards. It admits:
//   - simple commands naming (literally) `:`, true, false, echo, printf, test, [, pwd, exit,
//     return, break, continue, set (not -m, -p, -o), shift, cd, umask, getopts, read, unset
//     (not -f), export, readonly and local (variables named literally, never PATH), and
//     commands of assignments alone;
//   - brace groups, if, case and nested ( ) built of the same; redirections of these that
//     leave fd 1 alone (undone after each command, as in the parent);
//   - for, while and until loops and calls of functions whose bodies are admitted too, but
//     only in ( ) and $( ) (not in a pipeline's element, whose output is kept whole until it
//     ends), and only while the shell catches no signal (no trap action, not interactive, no
//     job control): a signal caught meanwhile waits until the subshell is over, and a loop
//     may never be over;
//   - words with any expansion except arithmetic (which can assign any variable); a nested
//     $( ) is a subshell of its own.
// In a $( ) the last command may also be a program (a literal name that is no builtin and no
// function): it is spawned directly, through the chosen backend, with its stdout on the
// substitution's pipe, after the commands before it ran in the shell; no copy of the shell is
// made for it, and the PATH hash is left as it was (the search belongs to the subshell).
// It refuses (a real child runs the body) `&`, pipelines, function definitions, `time`,
// arithmetic expansion, exec, trap, eval, `.`, alias and every other builtin.
#pragma once

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// What an admitted body needs saved beyond the variables (which Variables' journal keeps).
struct SubshellNeeds {
  bool positional = false;
  bool directory = false;
  bool umask = false;
};

struct SubshellAdmission {
  bool admitted = false;
  SubshellNeeds needs;
  // The last command of a $( ) when it runs a program, or null.
  const syntax::ListItem* program_tail = nullptr;
};

// `( body )`.
SubshellAdmission admit_subshell(const Shell& shell, const syntax::CommandList& body);
// `$( program )`: its last command may also be a program to run.
SubshellAdmission admit_substitution(const Shell& shell, const syntax::Program& program);
// The first element of a pipeline, whose output is kept whole until it ends: no loops, no
// function calls.
SubshellAdmission admit_pipeline_element(const Shell& shell, const syntax::Command& command);

// Whether a body certainly writes to no fd, so that no SIGPIPE can come of it and none need be
// held (three system calls per virtual subshell): simple commands alone, without redirection or
// assignment, whose words have no expansion at all, naming `:`, true, false or, where standard
// output is captured (`captured`: $( ) and a pipeline's element), echo; no xtrace.
bool writes_no_fd(const Shell& shell, const syntax::Command& command, bool captured);
bool writes_no_fd(const Shell& shell, const syntax::CommandList& list, bool captured);

}  // namespace spawnsh::exec
