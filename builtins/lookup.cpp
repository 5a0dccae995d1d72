// command, type, hash: how a name is found (XCU 2.9.1.1 command search).
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unistd.h>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/quote.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

constexpr std::array<std::string_view, 16> kReservedWords{
    "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then",
    "until", "while"};

bool is_reserved(std::string_view name) {
  return std::find(kReservedWords.begin(), kReservedWords.end(), name) != kReservedWords.end();
}

enum class Verbosity { Path, Sentence };

// `command -p`: PATH is the default one, which finds every standard utility (confstr(_CS_PATH)),
// for as long as this lives; then PATH is what it was, unset if it was unset.
class DefaultPath {
 public:
  DefaultPath(Shell& shell, bool wanted) : shell_(shell), active_(wanted) {
    if (!active_) return;
    if (const std::string* p = shell.vars.value("PATH")) saved_ = *p;
    shell.vars.assign("PATH", "/usr/bin:/bin");
  }
  ~DefaultPath() {
    if (!active_) return;
    try {
      if (saved_) {
        shell_.vars.assign("PATH", *saved_);
      } else {
        shell_.vars.unset("PATH");
      }
    } catch (...) {
      // no memory to put the old value back: PATH stays the default, a safe place to be
    }
  }
  DefaultPath(const DefaultPath&) = delete;
  DefaultPath& operator=(const DefaultPath&) = delete;

 private:
  Shell& shell_;
  bool active_;
  std::optional<std::string> saved_;
};

// Prints what `name` is; false when it is nothing.
bool describe(Shell& shell, const std::string& name, Verbosity how, Output& out) {
  auto line = [&](std::string text) {
    out.put(text);
    out.put('\n');
    return true;
  };
  if (auto a = shell.aliases.find(name); a != shell.aliases.end()) {
    if (how == Verbosity::Path) return line("alias " + name + "=" + quote_for_reinput(a->second));
    return line(name + " is an alias for " + a->second);
  }
  if (is_reserved(name)) return line(how == Verbosity::Path ? name : name + " is a shell keyword");
  const Builtin* builtin = shell.builtins.find(name);
  if (builtin != nullptr && builtin->special) {
    return line(how == Verbosity::Path ? name : name + " is a special shell builtin");
  }
  if (shell.functions.count(name) != 0) {
    return line(how == Verbosity::Path ? name : name + " is a shell function");
  }
  if (builtin != nullptr) return line(how == Verbosity::Path ? name : name + " is a shell builtin");
  // dash words a name already in the command hash differently; looking it up hashes it.
  const auto& hashed = shell.command_hash.entries(shell.vars.path_generation());
  const bool tracked = hashed.find(name) != hashed.end();
  const std::string* path = exec::find_program(shell, name);
  if (path == nullptr || ::access(path->c_str(), X_OK) != 0) return false;
  if (how == Verbosity::Path) return line(*path);
  return line(name + (tracked ? " is a tracked alias for " : " is ") + *path);
}

}  // namespace

// command [-p] [-v|-V] name [arg...]
int command(Shell& shell, std::span<const std::string> argv) {
  std::size_t i = 1;
  bool verbose = false, brief = false, default_path = false;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    for (char c : std::string_view(argv[i]).substr(1)) {
      if (c == 'v') {
        brief = true;
      } else if (c == 'V') {
        verbose = true;
      } else if (c == 'p') {
        default_path = true;
      } else {
        shell.error(std::string("command: Illegal option -") + c);
        return 2;
      }
    }
  }
  if (i == argv.size()) return 0;
  DefaultPath path_override(shell, default_path);  // -p, also for -v and -V
  if (brief || verbose) {
    Output out(shell, "command");
    int status = 0;
    for (; i < argv.size(); ++i) {
      if (!describe(shell, argv[i], verbose ? Verbosity::Sentence : Verbosity::Path, out)) {
        if (verbose) out.error(argv[i] + ": not found");
        status = 127;
      }
    }
    return out.status(status);
  }
  int status;
  try {
    status = exec::run_command_words(shell, argv.subspan(i));
  } catch (const CommandError& error) {
    // Under `command`, a special builtin's error no longer ends the shell.
    if (!error.command_suppresses) throw;
    status = error.status;
  }
  return status;
}

// type name...
int type(Shell& shell, std::span<const std::string> argv) {
  Output out(shell, "type");
  int status = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (!describe(shell, argv[i], Verbosity::Sentence, out)) {
      out.put(argv[i] + ": not found\n");
      status = 127;
    }
  }
  return out.status(status);
}

// hash [-r] [name...]
int hash(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() == 1) {
    std::vector<std::string> paths;
    for (const auto& [name, path] : shell.command_hash.entries(shell.vars.path_generation())) paths.push_back(path);
    std::sort(paths.begin(), paths.end());
    Output out(shell, "hash");
    for (const auto& p : paths) {
      out.put(p);
      out.put('\n');
    }
    return out.status();
  }
  int status = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-r") {
      shell.command_hash.clear();
      continue;
    }
    if (shell.builtins.find(argv[i]) != nullptr || shell.functions.count(argv[i]) != 0) continue;
    if (exec::find_program(shell, argv[i]) == nullptr) {
      shell.error("hash: " + argv[i] + ": not found");
      status = 1;
    }
  }
  return status;
}

}  // namespace spawnsh::builtins
