// Two parsers, by design. The POSIX options (-abc, +x, -o name, +o name, -c, -s, -i) are read
// by a small scanner: CLI11 has no '+' options, and building a CLI11 App costs more than the
// whole of a `dash -c :` (about 270,000 instructions of start-up, measured with callgrind).
// The long options (--spawn, --log-level, --help, --version) go through CLI11, which is only
// constructed when one is present, and which also writes --help.
#include "app/cli.h"

#include <cstdio>
#include <string_view>

#include <CLI/CLI.hpp>

namespace spawnsh::app {
namespace {

constexpr const char* kVersion = "spawnsh 0.1.0";
constexpr std::string_view kValidOptions =
    "-c -s -i -l -a -b -C -e -f -h -m -n -p -u -v -x -o NAME (or + to unset), --spawn=BACKEND, "
    "--log-level=LEVEL, --no-fork, --no-fork-seccomp, --emulated-channel=CHANNEL, "
    "--dump-ast, --version, --help";

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

// CLI11 for the long options. Returns an exit status when the shell should stop now.
std::optional<int> parse_long_options(std::vector<std::string> args, Invocation& out) {
  CLI::App app{"spawnsh - a POSIX shell with pluggable process-spawn backends", "spawnsh"};
  app.set_help_flag("--help", "Print this help and exit");
  app.set_version_flag("--version", kVersion);
  app.footer(
      "Usage: spawnsh [options] [script [args...]]\n"
      "       spawnsh [options] -c string [name [args...]]\n"
      "       spawnsh [options] -s [args...]\n"
      "POSIX options: -c -s, -i (+i: not interactive), -l (login shell), and\n"
      "-a -b -C -e -f -h -m -n -p -u -v -x or -o NAME to set an option (+letter or\n"
      "+o NAME to unset it), as for the set builtin. See spawnsh(1).");
  app.add_flag("--dump-ast", out.dump_ast, "Print the syntax tree of the input instead of running it");
  std::string backend_name, level_name;
  app.add_option("--spawn", backend_name,
                 "Process-spawn backend (default: $SPAWNSH_SPAWN, else auto)")
      ->check(CLI::IsMember({"fork", "vfork", "clone", "posix_spawn", "emulated", "auto"}));
  app.add_option("--emulated-channel", out.emulated_channel,
                 "How the emulated backend hands a child the state (default: "
                 "$SPAWNSH_EMULATED_CHANNEL, else serialize)")
      ->check(CLI::IsMember({"serialize", "image"}));
  app.add_flag("--no-fork", out.no_fork,
               "Never fork, nor clone without CLONE_VM: shell code runs in emulated children");
  app.add_flag("--no-fork-seccomp", out.no_fork_enforced,
               "--no-fork, proven: a seccomp filter makes fork fail with EPERM (a test mode)");
  app.add_option("--log-level", level_name, "Diagnostics on stderr (default: off)")
      ->check(CLI::IsMember({"off", "error", "warn", "info", "debug", "trace"}));
  std::reverse(args.begin(), args.end());  // CLI11 takes its vector in reverse order
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::puts(kVersion);
    return 0;
  } catch (const CLI::ExtrasError&) {
    std::fprintf(stderr, "spawnsh: %s: unknown option (valid: %s)\n", args.back().c_str(),
                 std::string(kValidOptions).c_str());
    return 2;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "spawnsh: %s\n", e.what());
    return 2;
  }
  if (!backend_name.empty()) {
    spawn::Backend b;
    spawn::parse_backend(backend_name, b);
    out.backend = b;
  }
  if (out.no_fork_enforced) out.no_fork = true;
  if (!level_name.empty()) {
    log::Level level;
    log::parse_level(level_name, level);
    out.log_level = level;
  }
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
    if (auto status = parse_long_options(std::move(long_args), out)) return status;
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
