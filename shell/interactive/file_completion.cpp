// File-name completion for spawnsh's own line editor (completion.h). A file of its own, so a
// readline build, which completes file names with readline's generator, links none of it.
#include <algorithm>
#include <dirent.h>
#include <sys/stat.h>

#include "shell/interactive/completion.h"

namespace spawnsh {

std::vector<std::string> file_candidates(std::string_view word, const std::string* home) {
  std::vector<std::string> out;
  const std::size_t slash = word.rfind('/');
  const std::string_view head = slash == std::string_view::npos ? "" : word.substr(0, slash + 1);
  const std::string_view prefix = word.substr(head.size());
  std::string dir = head.empty() ? "." : std::string(head);
  if (home != nullptr && head.substr(0, 2) == "~/") dir = *home + dir.substr(1);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (const dirent* entry = ::readdir(d)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == ".." || name.substr(0, prefix.size()) != prefix) continue;
    if (name[0] == '.' && (prefix.empty() || prefix[0] != '.')) continue;
    std::string candidate = std::string(head) + std::string(name);
    struct stat st;
    if (::stat((dir + "/" + std::string(name)).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      candidate += '/';
    }
    out.push_back(std::move(candidate));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace spawnsh
