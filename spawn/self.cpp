#include "spawn/self.h"

#include <cerrno>
#include <unistd.h>

namespace spawnsh::spawn {

std::string read_self_executable(int& error) {
  char buffer[4096];
  ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  error = n > 0 ? 0 : errno;
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

const std::string& self_executable() {
  static const std::string path = [] {
    int error = 0;
    std::string found = read_self_executable(error);
    return found.empty() ? std::string("/bin/sh") : found;
  }();
  return path;
}

}  // namespace spawnsh::spawn
