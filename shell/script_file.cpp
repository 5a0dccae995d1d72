#include "shell/script_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spawnsh {

bool read_script_file(const std::string& path, std::string& out, int& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno;
    return false;
  }
  // Read straight into the string, sized from fstat when the file says (a big script is then
  // neither copied from a buffer nor moved while it grows); a pipe or a growing file still
  // works, the string just grows.
  struct stat info {};
  std::size_t chunk = 65536;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    chunk = static_cast<std::size_t>(info.st_size) + 1;  // +1: see the end of the file at once
  }
  const std::size_t start = out.size();
  std::size_t used = start;
  for (;;) {
    if (out.size() == used) out.resize(used + chunk);  // grow only when full
    ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      ::close(fd);
      out.resize(start);
      return false;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  out.resize(used);
  ::close(fd);
  if (std::memchr(out.data() + start, '\0', used - start) != nullptr) {
    out.erase(std::remove(out.begin() + static_cast<std::ptrdiff_t>(start), out.end(), '\0'),
              out.end());
  }
  return true;
}

}  // namespace spawnsh
