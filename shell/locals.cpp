#include "shell/locals.h"

#include "shell/shell.h"

namespace spawnsh {

LocalScopeGuard::LocalScopeGuard(Shell& shell) : shell_(shell) { shell.local_scopes.emplace_back(); }

LocalScopeGuard::~LocalScopeGuard() {
  LocalScope scope = std::move(shell_.local_scopes.back());
  shell_.local_scopes.pop_back();
  if (shell_.exit_requested) return;
  // Newest first, so that a name saved twice (it cannot be, but cheaply safe) ends as the oldest.
  for (auto it = scope.saved.rbegin(); it != scope.saved.rend(); ++it) {
    shell_.vars.put(it->first, it->second);
  }
  if (scope.options) {
    shell_.options = *scope.options;
    shell_.vars.export_all = shell_.options.get(Option::AllExport);
  }
}

}  // namespace spawnsh
