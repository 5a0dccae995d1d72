#include "app/applets.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "builtins/builtins.h"
#include "builtins/utilities.h"
#include "shell/errors.h"
#include "shell/out_of_memory.h"
#include "shell/shell.h"

namespace spawnsh::app {
namespace {

// The one list of applets. A utility here runs the very function the shell's builtin table
// has under the same name (tests/unit/test_applets.cpp holds them to it), so the program and
// the builtin cannot drift apart.
constexpr std::array kApplets{
    Applet{"[", builtins::test},       Applet{"echo", builtins::echo},
    Applet{"false", builtins::false_}, Applet{"kill", builtins::kill},
    Applet{"printf", builtins::printf_}, Applet{"pwd", builtins::pwd},
    Applet{"sh", nullptr},             Applet{"spawnsh", nullptr},
    Applet{"test", builtins::test},    Applet{"true", builtins::true_},
};

constexpr bool sorted_and_unique() {
  for (std::size_t i = 1; i < kApplets.size(); ++i) {
    if (!(kApplets[i - 1].name < kApplets[i].name)) return false;
  }
  return true;
}
static_assert(sorted_and_unique(), "kApplets must be sorted by name, each name once");

}  // namespace

std::span<const Applet> applets() noexcept { return kApplets; }

const Applet* find_applet(std::string_view name) noexcept {
  auto it = std::lower_bound(kApplets.begin(), kApplets.end(), name,
                             [](const Applet& a, std::string_view n) { return a.name < n; });
  return it != kApplets.end() && it->name == name ? &*it : nullptr;
}

std::string_view base_name(std::string_view path) noexcept {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

int run_utility(const Applet& applet, int argc, char** argv) {
  // A bare Shell: no variables but PWD (pwd -L's only input), no options, no start-up files,
  // no job control, no spawn back-end chosen (a utility never starts a process). Its name is
  // empty so that messages begin with the utility's own ("echo: write error: ..."), as the
  // builtins already put their name first.
  Shell shell;
  shell.name.clear();
  install_out_of_memory_handler(shell.name, shell.where);
  if (const char* pwd = std::getenv("PWD")) shell.vars.assign("PWD", pwd);
  std::vector<std::string> args(argv, argv + argc);
  args[0] = std::string(applet.name);  // test looks at its name: "[" wants a closing "]"
  try {
    return applet.run(shell, args);
  } catch (const CommandError& e) {
    return e.status;  // already reported where it was found
  }
}

int list_applets() {
  for (const Applet& applet : kApplets) {
    std::fwrite(applet.name.data(), 1, applet.name.size(), stdout);
    std::fputc('\n', stdout);
  }
  return finish_stdout("--list");
}

int finish_stdout(const char* option) {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return 0;
  const int error = errno;
  std::fprintf(stderr, "spawnsh: %s: write error: %s\n", option, std::strerror(error));
  return 1;
}

}  // namespace spawnsh::app
