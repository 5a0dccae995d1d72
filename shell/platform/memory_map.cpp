#include "shell/platform/memory_map.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <sys/types.h>

namespace spawnsh::platform {

bool for_each_mapping(const std::function<bool(std::uintptr_t from, std::uintptr_t to)>& visit) {
  std::FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return false;
  char* line = nullptr;
  std::size_t capacity = 0;
  for (ssize_t length; (length = ::getline(&line, &capacity, maps)) > 0;) {
    // "from-to perms offset dev inode path", the addresses in hex.
    const char* end = line + length;
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    auto [dash, error] = std::from_chars(line, end, from, 16);
    if (error != std::errc{} || dash == end || *dash != '-') continue;
    if (std::from_chars(dash + 1, end, to, 16).ec != std::errc{}) continue;
    if (!visit(from, to)) break;
  }
  std::free(line);
  std::fclose(maps);
  return true;
}

}  // namespace spawnsh::platform
