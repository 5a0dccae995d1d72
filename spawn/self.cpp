#include "spawn/self.h"

#include <unistd.h>

namespace spawnsh::spawn {

const std::string& self_executable() {
  static const std::string path = [] {
    char buffer[4096];
    ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("/bin/sh");
  }();
  return path;
}

}  // namespace spawnsh::spawn
