// Redirections (XCU 2.7): expanded once in the parent, then either handed to a child as fd
// actions, or applied to the shell itself around a builtin, function or compound command and
// undone afterwards.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "shell/syntax/ast.h"
#include "spawn/spawn.h"

namespace spawnsh {

class Shell;

class Redirections {
 public:
  Redirections() = default;
  Redirections(const Redirections&) = delete;
  Redirections& operator=(const Redirections&) = delete;
  ~Redirections();

  // Expands targets and materialises here-documents. Prints the error and returns false on
  // failure (a bad fd word, a noclobber refusal, an expansion error goes up as CommandError).
  bool prepare(Shell& shell, std::span<const syntax::Redirection> redirections);

  // Appends the fd actions a child needs. The paths point into this object.
  void append_actions(std::vector<spawn::FdAction>& actions) const;
  // The message for a child's failed action, `index` counted from the first action appended.
  std::string describe_failure(std::size_t index, int error) const;

  // Applies to the shell's own fds, remembering what each replaced. Prints the error and
  // returns false on failure (what was applied stays until restore()).
  bool apply(Shell& shell);
  // Puts back every fd apply() changed (also done by the destructor).
  void restore();
  // Makes the changes permanent (`exec 3>file`): nothing is restored.
  void keep();

  bool empty() const { return items_.empty(); }

 private:
  struct Item {
    enum class Kind : unsigned char { Open, Dup, Close } kind;
    int fd;
    int src = -1;       // Dup: the fd to copy (a here-document's memfd too)
    std::string path;   // Open
    int flags = 0;
  };
  bool save(Shell& shell, int fd);  // false (reported) when no fd is left to keep a copy in

  std::vector<Item> items_;
  std::vector<std::pair<int, int>> saved_;  // fd, its saved copy (-1: it was closed)
  std::vector<int> owned_fds_;              // here-document memfds
};

}  // namespace spawnsh
