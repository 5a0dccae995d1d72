// Shell variables and the environment handed to children.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "spawn/exec_plan.h"

namespace spawnsh {

struct Variable {
  std::string value;
  bool set = true;        // false: declared (export/readonly NAME) but without a value
  bool exported = false;
  bool readonly = false;
};

class Variables {
 public:
  // Imports `environ`: every NAME=value with a valid name becomes an exported variable.
  void import_environment(char** envp);

  const Variable* find(std::string_view name) const;
  // The value, or nullptr when unset.
  const std::string* value(std::string_view name) const;
  // False (and no change) when the variable is readonly.
  bool assign(std::string_view name, std::string_view value);
  bool unset(std::string_view name);
  void set_exported(std::string_view name, bool on = true);
  // Puts a variable back as it was (nullopt: unset), readonly or not: for undoing a temporary
  // assignment.
  void put(std::string_view name, const std::optional<Variable>& variable);
  // The same for a variable that is set, taking its value without a copy (a snapshot read).
  void put(std::string_view name, Variable&& variable);

  void set_readonly(std::string_view name);
  // Every variable, sorted by name (for set, export -p, readonly -p).
  std::vector<std::pair<std::string_view, const Variable*>> sorted() const;

  // envp for children: every exported variable that has a value, in a stable order. Rebuilt
  // only after a change, so a loop of spawns does not rebuild it each time.
  char* const* environment();

  // PATH changes invalidate the command hash: a counter the hash compares with.
  unsigned path_generation() const noexcept { return path_generation_; }
  // Any assignment to OPTIND (or its unsetting) restarts getopts: a counter it compares with.
  unsigned optind_generation() const noexcept { return optind_generation_; }

  static bool is_name(std::string_view text) noexcept;

  // A virtual subshell (shell/exec/virtual_subshell.h) runs in this process: while a journal is
  // attached, the first change to each variable records it as it was (its value moved out when
  // the change discards it anyway), so that the subshell's end can put every one back.
  struct Journal {
    std::vector<std::pair<std::string, std::optional<Variable>>> saved;
    unsigned optind_generation = 0;
  };
  // Attaches `journal` (null: none) and returns the one attached before.
  Journal* attach_journal(Journal* journal) noexcept {
    if (journal != nullptr) journal->optind_generation = optind_generation_;
    return std::exchange(journal_, journal);
  }
  // Puts back what `journal` recorded (into the journal attached now, if any), and getopts'
  // counter with it: a position getopts kept before the subshell stays valid, as it would
  // have in a parent that a child's OPTIND never touched.
  void restore(Journal& journal);

  // set -a: every variable given a value is exported, whoever assigns it (assignment, for,
  // read, getopts, ${x:=w}...). Kept in step with the option by the shell.
  bool export_all = false;

 private:
  void changed(std::string_view name, bool exported);
  // Before a change to `name`: records it in the journal when it is the first change since the
  // journal was attached. `discarded`: the change drops the old value, which is moved out.
  void record(std::string_view name, bool discarded) {
    if (journal_ != nullptr) record_slow(name, discarded);
  }
  void record_slow(std::string_view name, bool discarded);

  // Transparent hashing: look-ups by string_view without building a std::string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, Variable, NameHash, std::equal_to<>> table_;
  spawn::CStringArray environment_;
  bool environment_stale_ = true;
  unsigned path_generation_ = 0;
  unsigned optind_generation_ = 0;
  Journal* journal_ = nullptr;
};

}  // namespace spawnsh
