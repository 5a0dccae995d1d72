// cd [-L|-P] [directory | -]   (XCU cd; CDPATH comes with the builtins issue)
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "builtins/options.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// POSIX asks only for a status above 0; dash's is 2 (bash, mksh and yash say 1).
constexpr int kFailed = 2;

// Lexical clean-up of an absolute path for -L: drops "." and empty components, and lets ".."
// remove the component before it (XCU cd, steps 8-9). Exactly two leading slashes stay: such a
// pathname may name something else than one slash does (XBD 4.13); three or more become one.
std::string canonical_logical(std::string_view path) {
  const bool double_slash = path.starts_with("//") && !path.starts_with("///");
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (std::string_view part : parts) out.append("/").append(part);
  if (out.empty()) out = "/";
  return double_slash ? "/" + out : out;
}

// XCU cd step 5: a relative operand not starting with . or .. is looked for in each CDPATH
// entry. Returns the directory to use, and whether a non-empty entry found it (then the new
// directory is printed).
std::string search_cdpath(Shell& shell, const std::string& target, bool& found_in_cdpath) {
  found_in_cdpath = false;
  if (target.empty() || target[0] == '/' || target == "." || target == ".." ||
      target.starts_with("./") || target.starts_with("../")) {
    return target;
  }
  const std::string* cdpath = shell.vars.value("CDPATH");
  if (cdpath == nullptr) return target;
  std::size_t start = 0;
  while (start <= cdpath->size()) {
    std::size_t end = cdpath->find(':', start);
    if (end == std::string::npos) end = cdpath->size();
    std::string entry = cdpath->substr(start, end - start);
    std::string candidate = entry.empty() ? "./" + target : entry + "/" + target;
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      found_in_cdpath = !entry.empty();
      return candidate;
    }
    start = end + 1;
  }
  return target;
}

std::string current_directory() {
  std::vector<char> buffer(4096);
  while (::getcwd(buffer.data(), buffer.size()) == nullptr) {
    if (errno != ERANGE) return {};
    buffer.resize(buffer.size() * 2);
  }
  return buffer.data();
}

}  // namespace

int cd(Shell& shell, std::span<const std::string> argv) {
  bool physical = false;
  OptionScanner options(argv);
  while (char c = options.next()) {
    if (c == 'L') {
      physical = false;
    } else if (c == 'P') {
      physical = true;
    } else {
      shell.error(std::string("cd: -") + c + ": invalid option");
      return 2;
    }
  }
  std::size_t i = argv.size() - options.operands().size();
  if (argv.size() - i > 1) {
    shell.error("cd: too many arguments");
    return 2;
  }

  std::string target;
  bool print_new_directory = false;
  if (i == argv.size()) {
    const std::string* home = shell.vars.value("HOME");
    if (home == nullptr || home->empty()) {
      shell.error("cd: HOME not set");
      return 1;
    }
    target = *home;
  } else if (argv[i] == "-") {
    const std::string* old = shell.vars.value("OLDPWD");
    if (old == nullptr) {
      shell.error("cd: OLDPWD not set");
      return 1;
    }
    target = *old;
    print_new_directory = true;
  } else {
    bool found_in_cdpath;
    target = search_cdpath(shell, argv[i], found_in_cdpath);
    print_new_directory = found_in_cdpath;
  }

  const std::string* pwd = shell.vars.value("PWD");
  std::string old_pwd = pwd != nullptr ? *pwd : current_directory();
  std::string new_pwd;
  if (!physical && !old_pwd.empty()) {
    // Joined without doubling a slash: "/" + "tmp" must not become the "//tmp" kept above.
    std::string joined = target[0] == '/'          ? target
                         : old_pwd.ends_with('/') ? old_pwd + target
                                                   : old_pwd + "/" + target;
    new_pwd = canonical_logical(joined);
    if (::chdir(new_pwd.c_str()) < 0) {
      // A logical path can fail where the physical one works (a ".." through a symlink whose
      // target's parent is gone): POSIX lets us try the operand as given.
      if (::chdir(target.c_str()) < 0) {
        shell.error("cd: " + target + ": " + std::strerror(errno));
        return kFailed;
      }
      new_pwd = current_directory();
    }
  } else {
    if (::chdir(target.c_str()) < 0) {
      shell.error("cd: " + target + ": " + std::strerror(errno));
      return kFailed;
    }
    new_pwd = current_directory();
  }
  shell.vars.assign("OLDPWD", old_pwd);
  shell.vars.assign("PWD", new_pwd);
  if (print_new_directory) {
    Output out(shell, "cd");
    out.put(new_pwd);
    out.put('\n');
    return out.status();
  }
  return 0;
}

}  // namespace spawnsh::builtins
