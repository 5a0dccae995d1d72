// The shell's view of builtins: a table filled in by the builtins library at start-up, so that
// shell/ does not depend on builtins/.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace spawnsh {

class Shell;

using BuiltinFunction = int (*)(Shell& shell, std::span<const std::string> argv);

struct Builtin {
  std::string_view name;
  BuiltinFunction run;
  bool special;  // a POSIX special builtin (XCU 2.14): found before functions, errors are fatal
};

class BuiltinTable {
 public:
  BuiltinTable() = default;
  explicit BuiltinTable(std::span<const Builtin> sorted_by_name) : table_(sorted_by_name) {}
  const Builtin* find(std::string_view name) const noexcept;
  std::span<const Builtin> all() const noexcept { return table_; }

 private:
  std::span<const Builtin> table_;
};

}  // namespace spawnsh
