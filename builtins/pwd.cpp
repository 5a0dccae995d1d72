// pwd [-L|-P]
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

std::string physical_directory() {
  std::vector<char> buffer(4096);
  while (::getcwd(buffer.data(), buffer.size()) == nullptr) {
    if (errno != ERANGE) return {};
    buffer.resize(buffer.size() * 2);
  }
  return buffer.data();
}

// -L may print $PWD only if it is an absolute path naming the current directory, without . or
// .. components (XCU pwd).
bool usable_logical(const std::string& pwd) {
  if (pwd.empty() || pwd[0] != '/') return false;
  if (pwd.find("/./") != std::string::npos || pwd.find("/../") != std::string::npos) return false;
  if (pwd.ends_with("/.") || pwd.ends_with("/..")) return false;
  struct stat a, b;
  return ::stat(pwd.c_str(), &a) == 0 && ::stat(".", &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

}  // namespace

int pwd(Shell& shell, std::span<const std::string> argv) {
  bool physical = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-P") {
      physical = true;
    } else if (argv[i] == "-L") {
      physical = false;
    } else {
      shell.error("pwd: " + argv[i] + ": invalid option");
      return 2;
    }
  }
  std::string dir;
  const std::string* logical = shell.vars.value("PWD");
  if (!physical && logical != nullptr && usable_logical(*logical)) {
    dir = *logical;
  } else {
    dir = physical_directory();
    if (dir.empty()) {
      shell.error(std::string("pwd: ") + std::strerror(errno));
      return 1;
    }
  }
  Output out(shell, "pwd");
  out.put(dir);
  out.put('\n');
  return out.status(0);
}

}  // namespace spawnsh::builtins
