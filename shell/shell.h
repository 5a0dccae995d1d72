// The state of one shell: what a subshell copies and a script changes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "shell/diag.h"
#include "shell/locals.h"
#include "shell/exec/builtin.h"
#include "shell/exec/command_search.h"
#include "shell/jobs/job_table.h"
#include "shell/options.h"
#include "shell/signals.h"
#include "shell/traps.h"
#include "shell/vars.h"
#include "spawn/launcher.h"
#include "spawn/timing.h"

namespace spawnsh::syntax {
struct Command;
}

namespace spawnsh {

// How control leaves a command other than by finishing: break, continue and return travel as
// this state, checked by the loops and function calls they unwind (not as exceptions).
enum class Flow : unsigned char { Normal, Break, Continue, Return };

// Where getopts stands inside a word of grouped options (-abc): OPTIND already points past that
// word. Valid only while OPTIND keeps the value getopts gave it (no assignment since).
struct GetoptsPosition {
  unsigned optind_generation = 0;  // Variables::optind_generation() after getopts set OPTIND
  std::string word;                // the word being read, arguments[OPTIND - 2]
  std::size_t offset = 0;          // the next character of `word`; 0 when between words
};

class Shell {
 public:
  std::string name = "spawnsh";          // the program name used in error messages
  std::string arg0 = "spawnsh";          // $0
  std::vector<std::string> positional;   // $1 ...
  Options options;
  bool interactive = false;
  bool reads_stdin = false;              // commands come from standard input (-s, no operand)
  bool dump_ast = false;                 // --dump-ast: print each command's tree, run nothing
  Variables vars;
  SignalState signals;
  Traps traps;
  CommandHash command_hash;
  spawn::Launcher launcher;
  BuiltinTable builtins;

  pid_t root_pid = 0;                    // $$: the main shell's pid, also in subshells
  bool in_subshell = false;              // a forked child running shell code
  std::unordered_map<std::string, std::shared_ptr<const syntax::Command>> functions;
  std::unordered_map<std::string, std::string> aliases;

  Flow flow = Flow::Normal;
  int flow_levels = 0;                   // break/continue N: loops still to unwind
  int loop_depth = 0;
  int errexit_suppressed = 0;            // > 0 while running a condition: set -e is off
  int function_depth = 0;
  std::vector<LocalScope> local_scopes;  // one per function call being run, innermost last

  pid_t last_background = 0;             // $!
  int dev_null_fd = -1;                  // stdin of background jobs (opened when first needed)
  JobTable jobs;                         // background jobs, the last foreground job, accounting
  GetoptsPosition getopts_position;

  int last_status = 0;                   // $?
  int substitution_status = -1;          // of the last $( ) since a command began, or -1
  bool exit_requested = false;           // set by `exit`: unwinds the command loop
  int exit_status = 0;

  Location where;                        // of the command being run, for error messages
  std::string source_name;               // storage for where.source

  void error(std::string_view message) const { report_error(name, where, message); }
  // $-: the set options' letters, i when interactive, s when reading commands from stdin (as
  // dash shows them; -c adds no letter in dash).
  std::string option_letters() const {
    return options.letters() + (interactive ? "i" : "") + (reads_stdin ? "s" : "");
  }
  bool exiting() const { return exit_requested; }
};

}  // namespace spawnsh
