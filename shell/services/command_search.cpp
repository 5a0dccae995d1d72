#include "shell/services/command_search.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spawnsh {
namespace {

enum class Candidate { None, Executable, NotExecutable };

Candidate check(const char* file) {
  struct stat st;
  if (::stat(file, &st) < 0 || !S_ISREG(st.st_mode)) return Candidate::None;
  return ::faccessat(AT_FDCWD, file, X_OK, AT_EACCESS) == 0 ? Candidate::Executable
                                                            : Candidate::NotExecutable;
}

}  // namespace

const std::string* CommandHash::find(std::string_view name, std::string_view path,
                                     unsigned generation) {
  if (name.find('/') != std::string_view::npos) {
    scratch_.assign(name);
    return &scratch_;
  }
  if (generation != generation_) {
    table_.clear();
    generation_ = generation;
  }
  std::string key(name);
  if (auto it = table_.find(key); it != table_.end()) return &it->second;
  std::string candidate;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view dir = path.substr(start, end - start);
    candidate.assign(dir.empty() ? "." : dir);  // an empty PATH entry means the current directory
    candidate.push_back('/');
    candidate.append(name);
    switch (check(candidate.c_str())) {
      case Candidate::Executable: {
        std::string& slot = table_[key];
        slot = std::move(candidate);
        return &slot;
      }
      case Candidate::NotExecutable: break;  // skipped, as dash does: keep looking
      case Candidate::None: break;
    }
    start = end + 1;
  }
  return nullptr;
}

}  // namespace spawnsh
