#include "shell/platform/passwd.h"

#include <cstdio>
#include <cstdlib>
#include <sys/types.h>

namespace spawnsh::platform {

void for_each_passwd_line(const std::function<bool(std::string_view line)>& visit) {
  std::FILE* file = std::fopen("/etc/passwd", "re");
  if (file == nullptr) return;
  char* buffer = nullptr;
  std::size_t capacity = 0;
  for (ssize_t length; (length = ::getline(&buffer, &capacity, file)) > 0;) {
    std::string_view line(buffer, static_cast<std::size_t>(length));
    if (line.back() == '\n') line.remove_suffix(1);
    if (!visit(line)) break;
  }
  std::free(buffer);
  std::fclose(file);
}

}  // namespace spawnsh::platform
