// The command line, read by a small scanner: the POSIX options (-abc, +x, -o name, +o name,
// -c, -s, -i), and the long ones (--spawn, --log-level, --help, --version ...). No CLI11 here:
// it has no '+' options, building its App costs more than the whole of a `dash -c :` (about
// 270,000 instructions, callgrind), and its <iostream> made every start-up initialise the
// standard streams (about 0.5 MB of resident memory).
#include "app/cli.h"

#include "app/applets.h"

#include <cstdio>
#include <string_view>

#include <optional>
#include <string>
#include <vector>

namespace spawnsh::app {
namespace {

constexpr const char* kVersion = "spawnsh 0.1.0";
constexpr std::string_view kValidOptions =
    "-c -s -i -l -a -b -C -e -f -h -m -n -p -u -v -x -o NAME (or + to unset), --spawn=BACKEND, "
    "--log-level=LEVEL, --no-fork, --no-fork-seccomp, --emulated-channel=CHANNEL, --dump-ast, "
    "--list, --install [-s] [-f] DIR (the first argument), --version, --help";

// Long options whose value may be the next argument ("--spawn fork").
bool long_option_takes_value(std::string_view arg) {
  return arg == "--spawn" || arg == "--log-level" || arg == "--emulated-channel";
}

std::string valid_option_names() {
  std::string names;
  for (const OptionInfo& info : Options::all()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

struct ShortOptions {
  bool command_mode = false;
  bool stdin_mode = false;
};

// Returns an error message, or an empty string.
std::string scan_letters(std::string_view arg, int& i, int argc, char** argv, ShortOptions& flags,
                         Invocation& out) {
  bool on = arg[0] == '-';
  for (std::size_t k = 1; k < arg.size(); ++k) {
    char c = arg[k];
    if (c == 'o') {
      if (i + 1 >= argc) return std::string(1, arg[0]) + "o: option requires an argument";
      std::string_view name = argv[++i];
      auto option = Options::by_name(name);
      if (!option) {
        return "-o: unknown option '" + std::string(name) + "' (valid: " + valid_option_names() +
               ")";
      }
      out.option_changes.emplace_back(*option, on);
    } else if (c == 'c') {
      flags.command_mode = on;  // +c: accepted and undoes -c, as in dash
    } else if (c == 's') {
      flags.stdin_mode = on;
    } else if (c == 'i') {
      out.interactive = on;
    } else if (c == 'l') {
      out.login = on;
    } else if (auto option = Options::by_letter(c)) {
      out.option_changes.emplace_back(*option, on);
    } else {
      return std::string(1, arg[0]) + c + ": unknown option (valid: " +
             std::string(kValidOptions) + ")";
    }
  }
  return {};
}

constexpr const char* kHelp =
    "spawnsh - a POSIX shell with pluggable process-spawn backends\n"
    "Usage: spawnsh [options] [script [args...]]\n"
    "       spawnsh [options] -c string [name [args...]]\n"
    "       spawnsh [options] -s [args...]\n"
    "       spawnsh APPLET [args...]\n"
    "\n"
    "Options:\n"
    "  --help                      Print this help and exit\n"
    "  --version                   Display program version information and exit\n"
    "  --list                      Print the applets' names, one a line, and exit\n"
    "  --install [-s] [-f] DIR     Link every applet into DIR and exit: hard links, or\n"
    "                              symbolic with -s; -f replaces existing files\n"
    "  --dump-ast                  Print the syntax tree of the input instead of running it\n"
    "  --spawn BACKEND             Process-spawn backend, one of fork, vfork, clone,\n"
    "                              posix_spawn, emulated, auto (default: $SPAWNSH_SPAWN,\n"
    "                              else auto)\n"
    "  --emulated-channel CHANNEL  How the emulated backend hands a child the state, one of\n"
    "                              serialize, image (default: $SPAWNSH_EMULATED_CHANNEL,\n"
    "                              else serialize)\n"
    "  --no-fork                   Never fork, nor clone without CLONE_VM: shell code runs\n"
    "                              in emulated children\n"
    "  --no-fork-seccomp           --no-fork, proven: a seccomp filter makes fork fail with\n"
    "                              EPERM (a test mode)\n"
    "  --log-level LEVEL           Diagnostics on stderr, one of off, error, warn, info,\n"
    "                              debug, trace (default: off)\n"
    "\n"
    "POSIX options: -c -s, -i (+i: not interactive), -l (login shell), and\n"
    "-a -b -C -e -f -h -m -n -p -u -v -x or -o NAME to set an option (+letter or\n"
    "+o NAME to unset it), as for the set builtin.\n"
    "\n"
    "Applets (run by a link of that name, made by --install, or as spawnsh APPLET;\n"
    "each behaves as its builtin; sh and spawnsh are the shell):\n";

// The help, its list of applets taken from their table.
void print_help() {
  std::fputs(kHelp, stdout);
  std::fputs(" ", stdout);
  for (const Applet& applet : applets()) {
    std::printf(" %.*s", static_cast<int>(applet.name.size()), applet.name.data());
  }
  std::fputs("\nSee spawnsh(1).\n", stdout);
}

// A value outside an option's choices: says which were valid; the exit status to stop with.
int refuse_value(std::string_view option, std::string_view value, const char* choices) {
  std::fprintf(stderr, "spawnsh: %.*s: %.*s not in {%s}\n", static_cast<int>(option.size()),
               option.data(), static_cast<int>(value.size()), value.data(), choices);
  return 2;
}

// The long options, each `--name`, `--name value` or `--name=value` (`args` holds them as
// the scanner found them, a value that was a separate argument right after its option).
// Returns an exit status when the shell should stop now. Written by hand rather than with
// CLI11: CLI11 brings in <iostream>, whose static initialisation (the standard streams and
// their locale) costs every start-up of the shell about 0.5 MB of resident memory.
std::optional<int> parse_long_options(const std::vector<std::string>& args, Invocation& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (std::size_t equals = arg.find('='); equals != std::string_view::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    }
    if (long_option_takes_value(name)) {
      if (!value) {
        if (i + 1 >= args.size()) {
          std::fprintf(stderr, "spawnsh: %s: option requires an argument\n",
                       std::string(name).c_str());
          return 2;
        }
        value = args[++i];
      }
      if (name == "--spawn") {
        spawn::Backend backend;
        if (!spawn::parse_backend(*value, backend)) {
          return refuse_value(name, *value, "fork,vfork,clone,posix_spawn,emulated,auto");
        }
        out.backend = backend;
      } else if (name == "--emulated-channel") {
        if (*value != "serialize" && *value != "image") {
          return refuse_value(name, *value, "serialize,image");
        }
        out.emulated_channel = std::string(*value);
      } else {
        log::Level level;
        if (!log::parse_level(*value, level)) {
          return refuse_value(name, *value, "off,error,warn,info,debug,trace");
        }
        if (!log::kBuilt && level != log::Level::Off) {
          // A build without logging (SPAWNSH_LOGGING=OFF): asking for diagnostics it cannot
          // give is an error rather than a silent nothing; `off` asks for nothing and is kept.
          std::fprintf(stderr, "spawnsh: --log-level: this spawnsh is built without logging\n");
          return 2;
        }
        out.log_level = level;
      }
      continue;
    }
    if (name == "--install") {
      std::fputs("spawnsh: --install: must be the first argument (usage: spawnsh --install "
                 "[-s] [-f] DIR)\n",
                 stderr);
      return 2;
    }
    bool* flag = name == "--dump-ast"          ? &out.dump_ast
                 : name == "--no-fork"         ? &out.no_fork
                 : name == "--no-fork-seccomp" ? &out.no_fork_enforced
                                               : nullptr;
    if (flag != nullptr || name == "--help" || name == "--version" || name == "--list") {
      if (value) {
        std::fprintf(stderr, "spawnsh: %s: takes no value\n", std::string(name).c_str());
        return 2;
      }
      if (name == "--help") {
        print_help();
        return finish_stdout("--help");
      }
      if (name == "--list") return list_applets();
      if (name == "--version") {
        std::puts(kVersion);
        return finish_stdout("--version");
      }
      *flag = true;
      continue;
    }
    std::fprintf(stderr, "spawnsh: %s: unknown option (valid: %s)\n", std::string(arg).c_str(),
                 std::string(kValidOptions).c_str());
    return 2;
  }
  if (out.no_fork_enforced) out.no_fork = true;
  return std::nullopt;
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, Invocation& out) {
  ShortOptions flags;
  std::vector<std::string> long_args;
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--" || arg == "-") {  // "sh -" as "sh --", as in dash
      ++i;
      break;
    }
    if (arg.size() < 2 || (arg[0] != '-' && arg[0] != '+')) break;
    if (arg.starts_with("--")) {
      long_args.emplace_back(arg);
      if (long_option_takes_value(arg) && i + 1 < argc) long_args.emplace_back(argv[++i]);
      continue;
    }
    std::string error = scan_letters(arg, i, argc, argv, flags, out);
    if (!error.empty()) {
      std::fprintf(stderr, "spawnsh: %s\n", error.c_str());
      return 2;
    }
  }
  if (!long_args.empty()) {
    if (auto status = parse_long_options(long_args, out)) return status;
  }

  std::vector<std::string> operands(argv + i, argv + argc);
  std::size_t next = 0;
  if (flags.command_mode) {
    if (operands.empty()) {
      std::fputs("spawnsh: -c: option requires an argument\n", stderr);
      return 2;
    }
    out.mode = Invocation::Mode::CommandString;
    out.command_string = operands[next++];
    if (next < operands.size()) out.arg0 = operands[next++];
  } else if (!flags.stdin_mode && !operands.empty()) {
    out.mode = Invocation::Mode::Script;
    out.script = operands[next++];
  }
  out.args.assign(operands.begin() + static_cast<std::ptrdiff_t>(next), operands.end());
  return std::nullopt;
}

}  // namespace spawnsh::app
