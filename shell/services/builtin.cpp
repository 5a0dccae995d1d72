#include "shell/services/builtin.h"

#include <algorithm>

namespace spawnsh {

const Builtin* BuiltinTable::find(std::string_view name) const noexcept {
  auto it = std::lower_bound(table_.begin(), table_.end(), name,
                             [](const Builtin& b, std::string_view n) { return b.name < n; });
  return it != table_.end() && it->name == name ? &*it : nullptr;
}

}  // namespace spawnsh
