// Each link is made so that DIR never lacks a name it had: a new name is made in place (link or
// symlink fails on an existing one, so a file that appears meanwhile is not overwritten); -f
// makes the link under a temporary name in DIR and renames it over the old one (atomic), so a
// shell running DIR/sh during an upgrade finds the old file or the new link, never nothing.
#include "app/install_links.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include "app/applets.h"
#include "spawn/self.h"

namespace spawnsh::app {
namespace {

constexpr int kUsageError = 2;
constexpr const char* kUsage = "usage: spawnsh --install [-s] [-f] DIR";

struct Settings {
  bool symbolic = false;
  bool force = false;
  std::string dir;
  std::string target;      // the running binary, an absolute path
  struct stat target_stat;
  std::string real_dir;    // DIR with symbolic links resolved: to spot the binary itself
};

void say(const std::string& line) { std::printf("%s\n", line.c_str()); }
void complain(const std::string& line) {
  std::fprintf(stderr, "spawnsh: --install: %s\n", line.c_str());
}

// The binary's absolute path: spawn/self.h reads it; without /proc (an early initramfs, a
// chroot) argv[0] when it is absolute. Empty, after a message, when neither is known.
std::string running_binary(const char* argv0) {
  int error = 0;
  std::string path = spawn::read_self_executable(error);
  if (!path.empty()) return path;
  if (argv0 != nullptr && argv0[0] == '/') return argv0;
  complain(std::string("cannot find the running binary (") + std::strerror(error) +
           "); run spawnsh by its absolute path");
  return {};
}

std::string in_dir(const std::string& dir, std::string_view name) {
  std::string path = dir;
  if (!path.ends_with('/')) path += '/';
  return path.append(name);
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Makes `path` a link to the binary: 0, or the errno of the failure.
int make_link(const Settings& s, const std::string& path) {
  int rc = s.symbolic ? ::symlink(s.target.c_str(), path.c_str())
                      : ::link(s.target.c_str(), path.c_str());
  return rc == 0 ? 0 : errno;
}

// The same, over an existing `path`: the link under a fresh name in DIR, renamed over it.
int replace_with_link(const Settings& s, const std::string& path) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temporary = in_dir(s.dir, ".spawnsh-install.") + std::to_string(::getpid()) + "." +
                            std::to_string(attempt);
    int error = make_link(s, temporary);
    if (error == EEXIST) continue;
    if (error != 0) return error;
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      error = errno;
      ::unlink(temporary.c_str());
      return error;
    }
    return 0;
  }
  return EEXIST;
}

std::string link_failure(const Settings& s, const std::string& path, int error) {
  std::string message = path + ": cannot link: " + std::strerror(error);
  if (error == EXDEV) {
    message += " (" + s.target + " is on another file system; a hard link cannot cross "
               "file systems: -s makes symbolic links)";
  }
  return message;
}

std::string made(const Settings& s) {
  return std::string(s.symbolic ? "symbolic" : "hard") + " link to " + s.target;
}

// One applet's link. True when the link is in place afterwards.
bool install_one(const Settings& s, std::string_view name) {
  const std::string path = in_dir(s.dir, name);
  struct stat existing;
  if (::lstat(path.c_str(), &existing) != 0) {
    if (errno != ENOENT) {
      complain(path + ": " + std::strerror(errno));
      return false;
    }
    if (int error = make_link(s, path); error != 0) {
      complain(link_failure(s, path, error));
      return false;
    }
    say(path + ": created (" + made(s) + ")");
    return true;
  }
  struct stat followed;
  const bool is_us = ::stat(path.c_str(), &followed) == 0 && same_file(followed, s.target_stat);
  if (!s.real_dir.empty() && in_dir(s.real_dir, name) == s.target) {
    // The binary itself (spawnsh installed as DIR/sh): replacing it would lose it.
    say(path + ": is the running binary itself; left as it is");
    return true;
  }
  if (!s.force) {
    if (is_us) {
      say(path + ": exists, already a link to " + s.target);
      return true;
    }
    complain(path + ": exists and is not spawnsh; not replaced (-f replaces it)");
    return false;
  }
  if (is_us && !s.symbolic && same_file(existing, s.target_stat)) {
    // A hard link to this very file already: renaming another over it would do nothing.
    say(path + ": exists, already a hard link to " + s.target);
    return true;
  }
  if (S_ISDIR(existing.st_mode)) {
    complain(path + ": is a directory; not replaced");
    return false;
  }
  if (int error = replace_with_link(s, path); error != 0) {
    complain(link_failure(s, path, error));
    return false;
  }
  say(path + ": replaced (" + made(s) + ")");
  return true;
}

}  // namespace

int install_links(int argc, char** args, const char* argv0) {
  Settings s;
  int i = 0;
  for (; i < argc; ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    for (char c : arg.substr(1)) {
      if (c == 's') {
        s.symbolic = true;
      } else if (c == 'f') {
        s.force = true;
      } else {
        std::fprintf(stderr, "spawnsh: --install: -%c: unknown option (valid: -s, -f)\n%s\n", c,
                     kUsage);
        return kUsageError;
      }
    }
  }
  if (argc - i != 1) {
    std::fprintf(stderr, "spawnsh: --install: %s\n%s\n",
                 argc - i == 0 ? "no directory given" : "one directory only", kUsage);
    return kUsageError;
  }
  s.dir = args[i];
  while (s.dir.size() > 1 && s.dir.back() == '/') s.dir.pop_back();
  struct stat dir_stat;
  const char* problem = nullptr;
  if (::stat(s.dir.c_str(), &dir_stat) != 0) {
    problem = std::strerror(errno);
  } else if (!S_ISDIR(dir_stat.st_mode)) {
    problem = "not a directory";
  }
  if (problem != nullptr) {
    std::fprintf(stderr, "spawnsh: --install: %s: %s\n%s\n", s.dir.c_str(), problem, kUsage);
    return kUsageError;
  }
  s.target = running_binary(argv0);
  if (s.target.empty()) return 1;
  if (::stat(s.target.c_str(), &s.target_stat) != 0) {
    complain(s.target + ": " + std::strerror(errno));
    return 1;
  }
  if (char* real = ::realpath(s.dir.c_str(), nullptr)) {
    s.real_dir = real;
    std::free(real);
  }
  bool all = true;
  for (const Applet& applet : applets()) {
    if (applet.name == "spawnsh") continue;  // the binary's own name: it is there already
    all = install_one(s, applet.name) && all;
  }
  if (finish_stdout("--install") != 0) return 1;
  return all ? 0 : 1;
}

}  // namespace spawnsh::app
