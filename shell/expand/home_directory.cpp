#include "shell/expand/home_directory.h"

#ifdef SPAWNSH_USE_NSS
#include <pwd.h>
#else
#include "shell/platform/passwd.h"
#endif

namespace spawnsh::expand {

std::optional<std::string> home_directory(std::string_view user) {
#ifdef SPAWNSH_USE_NSS
  struct passwd* pw = ::getpwnam(std::string(user).c_str());
  if (pw == nullptr) return std::nullopt;
  return std::string(pw->pw_dir);
#else
  // name:password:uid:gid:gecos:home:shell
  std::optional<std::string> home;
  platform::for_each_passwd_line([&](std::string_view entry) {
    std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos || entry.substr(0, colon) != user) return true;
    std::size_t field_start = 0;
    for (int field = 0; field < 5; ++field) {
      field_start = entry.find(':', field_start);
      if (field_start == std::string_view::npos) return false;
      ++field_start;
    }
    std::size_t end = entry.find(':', field_start);
    home = std::string(entry.substr(
        field_start, end == std::string_view::npos ? std::string_view::npos : end - field_start));
    return false;
  });
  return home;
#endif
}

}  // namespace spawnsh::expand
