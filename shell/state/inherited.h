// What a child running shell code inherits from its parent: a subshell, a command substitution,
// an element of a pipeline, an asynchronous list. A forked child has it by copy; the emulated
// backend writes it to a byte stream (shell/snapshot.h) and a fresh spawnsh reads it back.
//
// Process state the kernel keeps (cwd, umask, signal dispositions) is not held here: a forked
// child has it already, and the snapshot reads it from the process when it is written.
#pragma once

#include <sys/types.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "shell/diag.h"
#include "shell/options.h"
#include "shell/state/function.h"
#include "shell/traps.h"
#include "shell/vars.h"

namespace spawnsh {

// Where getopts stands inside a word of grouped options (-abc): OPTIND already points past that
// word. Valid only while OPTIND keeps the value getopts gave it (no assignment since).
struct GetoptsPosition {
  unsigned optind_generation = 0;  // Variables::optind_generation() after getopts set OPTIND
  std::string word;                // the word being read, arguments[OPTIND - 2]
  std::size_t offset = 0;          // the next character of `word`; 0 when between words
};

struct InheritedState {
  std::string name = "spawnsh";          // the program name used in error messages
  std::string arg0 = "spawnsh";          // $0
  std::vector<std::string> positional;   // $1 ...
  Options options;
  bool interactive = false;
  bool reads_stdin = false;              // commands come from standard input (-s, no operand)
  Variables vars;
  Traps traps;                           // action texts; dispositions are the process's
  std::unordered_map<std::string, Function> functions;
  std::unordered_map<std::string, std::string> aliases;

  pid_t root_pid = 0;                    // $$: the main shell's pid, also in subshells
  pid_t last_background = 0;             // $!
  int last_status = 0;                   // $?
  GetoptsPosition getopts_position;

  // The command being run, for error messages and $LINENO: a child reports the parent's place
  // until it runs a command of its own.
  Location where;
  std::string source_name;               // the script's name; storage for where.source

  // $-: the set options' letters, i when interactive, s when reading commands from stdin (as
  // dash shows them; -c adds no letter in dash).
  std::string option_letters() const {
    return options.letters() + (interactive ? "i" : "") + (reads_stdin ? "s" : "");
  }
};

}  // namespace spawnsh
