// The state of one shell: what a subshell copies and a script changes.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "shell/diag.h"
#include "shell/exec/builtin.h"
#include "shell/exec/command_search.h"
#include "shell/options.h"
#include "shell/signals.h"
#include "shell/vars.h"
#include "spawn/launcher.h"
#include "spawn/timing.h"

namespace spawnsh {

class Shell {
 public:
  std::string name = "spawnsh";          // the program name used in error messages
  std::string arg0 = "spawnsh";          // $0
  std::vector<std::string> positional;   // $1 ...
  Options options;
  bool interactive = false;
  Variables vars;
  SignalState signals;
  CommandHash command_hash;
  spawn::Launcher launcher;
  BuiltinTable builtins;

  int last_status = 0;                   // $?
  bool exit_requested = false;           // set by `exit`: unwinds the command loop
  int exit_status = 0;

  Location where;                        // of the command being run, for error messages
  std::string source_name;               // storage for where.source

  // Every child the shell has reaped: their usage, summed (what `times` reports).
  spawn::ResourceUsage children_usage;
  // The processes of the most recent foreground job (what `time` reports).
  std::vector<spawn::ProcessRecord> last_job;

  void error(std::string_view message) const { report_error(name, where, message); }
};

}  // namespace spawnsh
