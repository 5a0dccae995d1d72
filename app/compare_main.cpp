#include "app/compare_main.h"

#include <string>
#include <unistd.h>
#include <vector>

#include "builtins/builtins.h"
#include "shell/compare/comparison.h"
#include "shell/init.h"
#include "shell/shell.h"

extern char** environ;

namespace spawnsh::app {

int compare_main(int argc, char** argv) {
  // The measuring shell: a non-interactive shell like `spawnsh -c`, whose launcher is switched
  // per run.
  Shell shell;
  shell.builtins = BuiltinTable(builtins::table());
  shell.vars.import_environment(environ);
  shell.arg0 = "spawnsh";
  shell.root_pid = ::getpid();
  initialize_variables(shell);
  return compare_run::run_comparison(shell, std::vector<std::string>(argv + 2, argv + argc),
                                     "spawnsh compare");
}

}  // namespace spawnsh::app
