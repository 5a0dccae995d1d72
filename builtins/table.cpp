// One table, assembled and sorted at compile time from the families' lists.
#include <algorithm>

#include "builtins/builtins.h"
#include "builtins/history.h"
#include "builtins/utilities.h"

namespace spawnsh::builtins {
namespace {

template <std::size_t... N>
constexpr auto assemble(const std::array<Builtin, N>&... families) {
  std::array<Builtin, (N + ...)> all{};
  std::size_t at = 0;
  ((std::copy(families.begin(), families.end(), all.begin() + at), at += N), ...);
  std::sort(all.begin(), all.end(),
            [](const Builtin& a, const Builtin& b) { return a.name < b.name; });
  return all;
}

constexpr auto kBuiltins = assemble(kCoreBuiltins, kUtilityBuiltins, kHistoryBuiltins);

constexpr bool names_are_unique() {
  return std::adjacent_find(kBuiltins.begin(), kBuiltins.end(),
                            [](const Builtin& a, const Builtin& b) { return a.name == b.name; }) ==
         kBuiltins.end();
}
static_assert(names_are_unique(), "a builtin is listed twice");

}  // namespace

std::span<const Builtin> table() noexcept { return kBuiltins; }

int colon(Shell&, std::span<const std::string>) { return 0; }

}  // namespace spawnsh::builtins
