// What the shell uses to do its work, rather than what it is: the launcher that makes
// processes, the builtin table, the PATH hash, and the record of the process's signal
// dispositions. A child does not inherit these as shell state: a forked child holds copies that
// still describe its process, and a fresh process builds its own.
//
// SignalState is here, not with the traps: it mirrors what the kernel holds for this process
// (the mask at start-up, which dispositions the shell changed, which were ignored on entry) and
// is read when building a spawn plan. What a child inherits of signals is the trap actions
// (InheritedState::traps); setting them through Traps::set makes the dispositions real.
#pragma once

#include "shell/interactive/history.h"
#include "shell/services/builtin.h"
#include "shell/services/command_search.h"
#include "shell/signals.h"
#include "spawn/launcher.h"

namespace spawnsh {

struct Services {
  SignalState signals;
  CommandHash command_hash;
  spawn::Launcher launcher;
  BuiltinTable builtins;
  History history;  // an interactive shell's commands (fc, the line editor)
};

}  // namespace spawnsh
