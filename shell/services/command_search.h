// PATH search with a hash of the results (what `hash` shows and `hash -r` clears).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace spawnsh {

class CommandHash {
 public:
  // The file `name` runs: itself if it contains a '/', else the first executable regular file
  // in PATH (files without execute permission are passed over, as dash does). nullptr when
  // nothing is found.
  const std::string* find(std::string_view name, std::string_view path, unsigned generation);
  // Drops a hashed entry whose program has gone (exec said ENOENT), so the next find searches.
  void forget(std::string_view name) { table_.erase(std::string(name)); }
  // Puts back an entry as it was (a subshell run in the shell leaves the parent's hash alone).
  void remember(std::string_view name, std::string path) {
    table_.insert_or_assign(std::string(name), std::move(path));
  }
  void clear() { table_.clear(); }
  // Takes an entry found by another process (the parent of an emulated child), as if found here
  // under the PATH of `generation`.
  void remember(std::string name, std::string path, unsigned generation) {
    entries(generation);
    table_.insert_or_assign(std::move(name), std::move(path));
  }
  // The remembered locations; a PATH change since they were found forgets them.
  const std::unordered_map<std::string, std::string>& entries(unsigned generation) {
    if (generation != generation_) {
      table_.clear();
      generation_ = generation;
    }
    return table_;
  }

 private:
  std::unordered_map<std::string, std::string> table_;
  unsigned generation_ = ~0u;
  std::string scratch_;
};

}  // namespace spawnsh
