// Function-local variables (the `local` builtin, as in dash): each function call opens a scope
// that remembers the variables made local in it, as they were, and puts them back when the call
// returns. Scoping is dynamic: a function called from one that made `x` local sees that `x`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/options.h"
#include "shell/vars.h"

namespace spawnsh {

class Shell;

struct LocalScope {
  // Each variable made local, as it was before (nullopt: unset), in the order made local.
  std::vector<std::pair<std::string, std::optional<Variable>>> saved;
  // The shell options as they were, after `local -`.
  std::optional<Options> options;

  bool saves(std::string_view name) const {
    for (const auto& entry : saved) {
      if (entry.first == name) return true;
    }
    return false;
  }
};

// Opens a scope for a function call, and closes it when the call is over (by return, an error
// or the end of its body), putting the variables and options back. A shell on its way out
// (exit in the function) keeps the function's values, so that the EXIT trap sees them, as in
// dash.
class LocalScopeGuard {
 public:
  explicit LocalScopeGuard(Shell& shell);
  ~LocalScopeGuard();
  LocalScopeGuard(const LocalScopeGuard&) = delete;
  LocalScopeGuard& operator=(const LocalScopeGuard&) = delete;

 private:
  Shell& shell_;
};

}  // namespace spawnsh
