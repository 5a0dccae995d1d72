// One declarative table: name, entry point, and whether POSIX calls it a special builtin
// (XCU 2.14: found before functions; its errors end a non-interactive shell).
#include <algorithm>

#include "builtins/builtins.h"

namespace spawnsh::builtins {
namespace {

constexpr Builtin kBuiltins[] = {
    {":", colon, true},
    {"break", break_, true},
    {"cd", cd, false},
    {"continue", continue_, true},
    {"echo", echo, false},
    {"exit", exit, true},
    {"false", false_, false},
    {"return", return_, true},
    {"true", true_, false},
};

constexpr bool sorted_by_name() {
  return std::is_sorted(std::begin(kBuiltins), std::end(kBuiltins),
                        [](const Builtin& a, const Builtin& b) { return a.name < b.name; });
}
static_assert(sorted_by_name(), "BuiltinTable::find does a binary search");

}  // namespace

std::span<const Builtin> table() noexcept { return kBuiltins; }

int colon(Shell&, std::span<const std::string>) { return 0; }

}  // namespace spawnsh::builtins
