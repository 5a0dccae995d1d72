// eval, `.` and exec: builtins that run other text or programs in place of themselves.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "builtins/builtins.h"
#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/script_file.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// `.` looks a name without '/' up in PATH; the file need only be readable (XCU dot).
std::string find_sourced_file(Shell& shell, const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const std::string* path = shell.vars.value("PATH");
  std::string_view dirs = path != nullptr ? std::string_view(*path) : std::string_view("");
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string_view::npos) end = dirs.size();
    std::string candidate(dirs.substr(start, end - start));
    candidate = (candidate.empty() ? "." : candidate) + "/" + name;
    if (::access(candidate.c_str(), R_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

}  // namespace

// eval [arg...]: the arguments joined by spaces, parsed and run in this shell.
int eval(Shell& shell, std::span<const std::string> argv) {
  std::string text;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (i > 1) text.push_back(' ');
    text += argv[i];
  }
  if (text.empty()) return 0;
  return exec::run_eval_text(shell, std::move(text));
}

// . file [arg...]: the file's commands run in this shell; `return` leaves it.
int dot(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() < 2) {
    shell.error(".: filename argument required");
    throw CommandError{2, true};
  }
  std::string path = find_sourced_file(shell, argv[1]);
  std::string text;
  int error = ENOENT;
  if (path.empty() || !read_script_file(path, text, error)) {
    shell.error(".: cannot open " + argv[1] + ": " + std::strerror(error));
    throw CommandError{2, true};
  }
  std::vector<std::string> saved;
  bool new_arguments = argv.size() > 2;
  if (new_arguments) {
    saved = std::move(shell.positional);
    shell.positional.assign(argv.begin() + 2, argv.end());
  }
  ++shell.function_depth;  // so that `return` has something to leave
  int status;
  try {
    status = exec::run_nested(shell, path, std::move(text));
  } catch (...) {
    --shell.function_depth;
    if (new_arguments) shell.positional = std::move(saved);
    throw;
  }
  --shell.function_depth;
  if (new_arguments) shell.positional = std::move(saved);
  if (shell.flow == Flow::Return) shell.flow = Flow::Normal;
  return status;
}

// exec [command [arg...]]: without a command, its redirections stay (see run_builtin).
int exec(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() < 2) return 0;
  std::size_t first = argv[1] == "--" ? 2 : 1;
  if (first >= argv.size()) return 0;
  int status = exec::replace_shell(shell, argv.subspan(first));
  // A non-interactive shell whose exec failed exits (XCU 2.8.1), under `command` too.
  throw CommandError{status, true, false};
}

}  // namespace spawnsh::builtins
