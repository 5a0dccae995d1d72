// Shell variables and the environment handed to children.
#pragma once

#include <functional>
#include <memory>
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

// A variable read where it lies, in memory the shell was handed (the state an emulated child maps
// from its parent: shell/exec/emulated_child.cpp), not copied until it is used.
struct BorrowedVariable {
  std::string_view name, value;
  bool set = true, exported = false, readonly = false;
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
  // The same as views, without copying borrowed variables into the table: what a snapshot of
  // this shell is written from (a child's own children do not make it copy its state).
  std::vector<BorrowedVariable> sorted_views() const;

  // envp for children: every exported variable that has a value, in a stable order. Rebuilt
  // only after a change, so a loop of spawns does not rebuild it each time.
  char* const* environment();

  // PATH changes invalidate the command hash: a counter the hash compares with.
  unsigned path_generation() const noexcept { return path_generation_; }
  // Any assignment to OPTIND (or its unsetting) restarts getopts: a counter it compares with.
  unsigned optind_generation() const noexcept { return optind_generation_; }
  // Values of this many bytes or more are large: the emulated backend keeps them in one file
  // that every child maps (shell/shared_values.h) instead of copying them for each child.
  static constexpr std::size_t kLargeValue = 4096;
  // Moves whenever a large value is given, changed or dropped (a change from or to one): while
  // it stands still, the large values are the same, with the same names and bytes. Each move
  // takes a number no table in this process had before, so a copy of the table that changes
  // differently can never show the same generation with other values.
  unsigned long large_value_generation() const noexcept { return large_value_generation_; }

  static bool is_name(std::string_view text) noexcept;

  // Takes `variables` (sorted by name, each name once) as this shell's, over any of the same
  // name, as put() would, without copying them: each is copied into the table the first time
  // anything reads, changes or lists it, so a child that uses few of a big state's variables
  // pays for few. `storage` keeps the bytes they lie in alive (shared by copies of this table).
  void borrow(std::vector<BorrowedVariable> variables, std::shared_ptr<const void> storage);
  // How many borrowed variables were not copied yet (for tests).
  std::size_t borrowed_untouched() const noexcept { return untaken_; }
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
  // Copies the borrowed variable `name` (or every one) into table_, if not done yet. Const: it
  // changes where a variable is kept, not what it is.
  void take(std::string_view name) const;
  void take_all() const;
  // Before a change to `name`, the one hook of both mechanisms: takes a borrowed `name` into
  // table_, then records it in the journal when it is the first change since the journal was
  // attached. `discarded`: the change drops the old value, which is moved out.
  void before_change(std::string_view name, bool discarded) {
    take(name);
    if (journal_ != nullptr) record_slow(name, discarded);
  }
  void record_slow(std::string_view name, bool discarded);
  // Before put() replaces `name` with a value of `new_size` bytes: moves the large values'
  // generation if either is large.
  void note_large_change(std::string_view name, std::size_t new_size);
  void large_changed() noexcept;

  // Transparent hashing: look-ups by string_view without building a std::string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  mutable std::unordered_map<std::string, Variable, NameHash, std::equal_to<>> table_;
  struct Borrowed {
    std::vector<BorrowedVariable> variables;
    std::shared_ptr<const void> storage;
  };
  std::shared_ptr<const Borrowed> borrowed_;
  mutable std::vector<bool> taken_;  // per borrowed variable: copied into table_ already
  mutable std::size_t untaken_ = 0;
  spawn::CStringArray environment_;
  bool environment_stale_ = true;
  unsigned path_generation_ = 0;
  unsigned optind_generation_ = 0;
  unsigned long large_value_generation_ = 0;
  Journal* journal_ = nullptr;
};

}  // namespace spawnsh
