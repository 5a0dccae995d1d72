// fc [-r] [-e editor] [first [last]]     edit commands, then run them
// fc -l [-nr] [first [last]]             list commands
// fc -s [old=new] [first]                run a command again, with a substitution
// history [first [last]]                 the same as fc -l (bash's name)
//
// The history is the interactive shell's (shell.history); its newest entry is the command that
// is running now, the fc itself, so -1 is the command before it. Edited or re-run commands take
// the fc's place in the history (XCU fc: "the fc command that caused the editing shall not be
// entered"), are written to standard error as they will run (as bash does), and run in
// this shell. The editor is -e, else $FCEDIT, else ed, run as a command line with the file name
// added; when it fails, nothing runs. A shell that keeps no history (not interactive) says so
// and returns 1, as mksh does.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

#include "builtins/history.h"
#include "builtins/output.h"
#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/quote.h"
#include "shell/script_file.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

constexpr int kUsage = 2;
constexpr std::size_t kDefaultListLength = 16;  // -l without first lists the last 16

struct FcOptions {
  bool list = false;
  bool numbers = true;  // -n turns them off
  bool reverse = false;
  bool again = false;   // -s
  std::optional<std::string> editor;
  std::vector<std::string> operands;
};

int usage(const Shell& shell, const std::string& message) {
  shell.error("fc: " + message);
  shell.error("usage: fc [-r] [-e editor] [first [last]] | fc -l [-nr] [first [last]] | "
              "fc -s [old=new] [first]");
  return kUsage;
}

bool is_number(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Options end at `--` or the first operand; `-5` is an operand (an offset), not an option.
std::optional<std::string> parse_options(std::span<const std::string> argv, FcOptions& o) {
  std::size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-' || is_number(arg)) break;
    for (std::size_t j = 1; j < arg.size(); ++j) {
      switch (arg[j]) {
        case 'l': o.list = true; break;
        case 'n': o.numbers = false; break;
        case 'r': o.reverse = true; break;
        case 's': o.again = true; break;
        case 'e':
          if (j + 1 < arg.size()) {
            o.editor = arg.substr(j + 1);
          } else if (i + 1 < argv.size()) {
            o.editor = argv[++i];
          } else {
            return "-e needs an editor";
          }
          j = arg.size();
          break;
        default: return std::string("unknown option -") + arg[j];
      }
    }
  }
  o.operands.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
  return std::nullopt;
}

// A `first`/`last` operand as an entry number: a positive number is one, a negative one counts
// back from the running fc, a string names the newest command that starts with it. Numbers out
// of range are brought into it (as bash does for listing); nullopt: no command matches.
std::optional<std::size_t> resolve(const History& h, std::size_t newest, const std::string& spec) {
  if (is_number(spec)) {
    long long n = std::strtoll(spec.c_str(), nullptr, 10);
    long long number = n > 0 ? n : static_cast<long long>(newest) + 1 + n;
    if (n == 0) number = static_cast<long long>(newest);
    if (number < static_cast<long long>(h.first_number())) return h.first_number();
    if (number > static_cast<long long>(newest)) return newest;
    return static_cast<std::size_t>(number);
  }
  for (std::size_t n = newest; n >= h.first_number() && n > 0; --n) {
    if (h.at(n).starts_with(spec)) return n;
  }
  return std::nullopt;
}

// The commands first..last (either order) joined by newlines, in the order they ran.
std::string commands_between(const History& h, std::size_t first, std::size_t last) {
  if (first > last) std::swap(first, last);
  std::string text;
  for (std::size_t n = first; n <= last; ++n) {
    text += h.at(n);
    text += '\n';
  }
  return text;
}

// Runs `text` as the fc's replacement: shown, entered into the history, run.
int run_again(Shell& shell, std::string text) {
  {
    Output out(shell, "fc", STDERR_FILENO);
    out.put(text);
    if (!out.flush()) return 1;
  }
  shell.history.replace_last(text);
  return exec::run_nested(shell, "fc", std::move(text));
}

// Writes the commands to a temporary file, runs the editor on it, and returns what it left.
std::optional<std::string> edit(Shell& shell, const std::string& editor, const std::string& text,
                                int& status) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") +
                     "/spawnsh-fc.XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    shell.error("fc: cannot make a temporary file: " + std::string(std::strerror(errno)));
    status = 1;
    return std::nullopt;
  }
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    shell.error("fc: cannot write " + path);
    status = 1;
    return std::nullopt;
  }
  try {
    status = exec::run_nested(shell, "fc", editor + " " + quote_for_reinput(path));
  } catch (...) {
    ::unlink(path.c_str());
    throw;
  }
  std::string edited;
  int error = 0;
  bool read = read_script_file(path, edited, error);
  ::unlink(path.c_str());
  if (status != 0) return std::nullopt;  // the editor failed: nothing runs
  if (!read) {
    shell.error("fc: cannot read the edited file: " + std::string(std::strerror(error)));
    status = 1;
    return std::nullopt;
  }
  return edited;
}

int list(Shell& shell, const FcOptions& o, std::size_t newest) {
  const History& h = shell.history;
  Output out(shell, "fc");
  if (newest < h.first_number() || h.empty()) return out.status();  // nothing before the fc
  std::optional<std::size_t> first, last;
  if (o.operands.empty()) {
    first = newest >= h.first_number() + kDefaultListLength - 1
                ? newest - (kDefaultListLength - 1)
                : h.first_number();
  } else {
    first = resolve(h, newest, o.operands[0]);
  }
  last = o.operands.size() > 1 ? resolve(h, newest, o.operands[1]) : std::optional(newest);
  if (!first || !last) {
    shell.error("fc: no command found: " + (first ? o.operands[1] : o.operands[0]));
    return 1;
  }
  bool backwards = *first > *last;
  if (o.reverse) backwards = !backwards;
  std::size_t low = std::min(*first, *last), high = std::max(*first, *last);
  for (std::size_t i = 0; i <= high - low; ++i) {
    std::size_t n = backwards ? high - i : low + i;
    if (o.numbers) out.put(std::to_string(n));
    out.put('\t');
    out.put(h.at(n));
    out.put('\n');
  }
  return out.status();
}

int fc_with(Shell& shell, const FcOptions& o, std::string_view name) {
  History& h = shell.history;
  if (!h.enabled()) {
    shell.error(std::string(name) + ": no command history (only an interactive shell keeps one)");
    return 1;
  }
  // The newest command before the fc itself (the running command is the last entry, unless
  // HISTCONTROL kept it out).
  const std::size_t newest = h.empty() ? 0 : h.last_number() - (h.current_kept() ? 1 : 0);
  if (o.list) return list(shell, o, newest);
  if (newest < h.first_number()) {
    shell.error("fc: no command in the history yet");
    return 1;
  }
  if (o.again) {
    std::string_view old_new;
    std::size_t operand = 0;
    if (!o.operands.empty() && o.operands[0].find('=') != std::string::npos) {
      old_new = o.operands[operand++];
    }
    if (o.operands.size() > operand + 1) return usage(shell, "-s takes at most old=new and first");
    std::optional<std::size_t> which =
        operand < o.operands.size() ? resolve(h, newest, o.operands[operand]) : std::optional(newest);
    if (!which) {
      shell.error("fc: no command found: " + o.operands[operand]);
      return 1;
    }
    std::string text = h.at(*which);
    if (!old_new.empty()) {
      std::size_t eq = old_new.find('=');
      std::string_view from = old_new.substr(0, eq), to = old_new.substr(eq + 1);
      if (std::size_t at = from.empty() ? std::string::npos : text.find(from);
          at != std::string::npos) {
        text.replace(at, from.size(), to);
      }
    }
    return run_again(shell, text + "\n");
  }
  if (o.operands.size() > 2) return usage(shell, "too many operands");
  std::optional<std::size_t> first =
      o.operands.empty() ? std::optional(newest) : resolve(h, newest, o.operands[0]);
  std::optional<std::size_t> last = o.operands.size() > 1 ? resolve(h, newest, o.operands[1]) : first;
  if (!first || !last) {
    shell.error("fc: no command found: " + (first ? o.operands[1] : o.operands[0]));
    return 1;
  }
  std::string text = commands_between(h, *first, *last);
  if (o.reverse) {
    std::size_t low = std::min(*first, *last), high = std::max(*first, *last);
    text.clear();
    for (std::size_t n = high + 1; n-- > low;) text += h.at(n) + "\n";
  }
  std::string editor = o.editor.value_or("");
  if (editor.empty()) {
    const std::string* fcedit = shell.vars.value("FCEDIT");
    editor = fcedit != nullptr && !fcedit->empty() ? *fcedit : "ed";
  }
  int status = 0;
  std::optional<std::string> edited = edit(shell, editor, text, status);
  if (!edited) {
    h.remove_last();  // the fc is not kept, whether or not anything ran
    return status;
  }
  if (edited->find_first_not_of(" \t\n") == std::string::npos) {
    h.remove_last();
    return 0;
  }
  return run_again(shell, std::move(*edited));
}

}  // namespace

int fc(Shell& shell, std::span<const std::string> argv) {
  FcOptions o;
  if (auto error = parse_options(argv, o)) return usage(shell, *error);
  if (o.list && o.again) return usage(shell, "-l and -s cannot go together");
  return fc_with(shell, o, "fc");
}

int history(Shell& shell, std::span<const std::string> argv) {
  FcOptions o;
  o.list = true;
  o.operands.assign(argv.begin() + 1, argv.end());
  return fc_with(shell, o, "history");
}

}  // namespace spawnsh::builtins
