#include "app/cli.h"

#include <algorithm>
#include <cstdio>

#include <CLI/CLI.hpp>

namespace spawnsh::app {
namespace {

constexpr const char* kVersion = "spawnsh 0.1.0";

// CLI11 knows only '-' options; the shell's '+x' and '+o name' are rewritten to hidden long
// options before it sees them. Only arguments before the first operand are options.
constexpr std::string_view kLongOptions[] = {"--spawn", "--log-level", "--version", "--help"};
constexpr std::string_view kValidOptions =
    "-c -s -i -a -b -C -e -f -h -m -n -u -v -x -o NAME, --spawn=BACKEND, --log-level=LEVEL, "
    "--version, --help";

// CLI11, told that the first operand ends the options, would take an unknown option for that
// operand; the shell must refuse it instead.
bool is_known_option(std::string_view arg) {
  if (arg.starts_with("--")) {
    std::string_view name = arg.substr(0, arg.find('='));
    return std::find(std::begin(kLongOptions), std::end(kLongOptions), name) !=
           std::end(kLongOptions);
  }
  for (char c : arg.substr(1)) {
    if (c != 'c' && c != 's' && c != 'i' && c != 'o' && !Options::by_letter(c)) return false;
  }
  return true;
}

std::vector<std::string> rewrite_plus_options(int argc, char** argv, std::string& error) {
  std::vector<std::string> out;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!options_done && arg.size() > 1 && arg[0] == '+') {
      if (arg == "+o" && i + 1 < argc) {
        out.push_back("--unset-option=" + std::string(argv[++i]));
      } else {
        out.push_back("--unset-letters=" + arg.substr(1));
      }
      continue;
    }
    if (!options_done && (arg == "-o" || (arg.size() > 1 && arg[0] == '-' && arg[1] != '-' &&
                                          arg.back() == 'o'))) {
      // "-o name" and "-eo name": the name belongs to -o, it is not the first operand.
      out.push_back(arg);
      if (i + 1 < argc) out.push_back(argv[++i]);
      continue;
    }
    if (arg == "--" || arg.empty() || arg[0] != '-' || arg == "-") {
      options_done = true;
    } else if (!options_done && !is_known_option(arg)) {
      error = arg + ": unknown option (valid: " + std::string(kValidOptions) + ")";
    }
    out.push_back(arg);
  }
  return out;
}

std::string valid_option_names() {
  std::string names;
  for (const OptionInfo& info : Options::all()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, Invocation& out) {
  CLI::App app{"spawnsh - a POSIX shell with pluggable process-spawn backends", "spawnsh"};
  app.prefix_command();  // the first operand ends the options; the rest are its arguments
  app.set_help_flag("--help", "Print this help and exit");  // -h is the hashall option
  app.set_version_flag("--version", kVersion);

  bool command_mode = false, stdin_mode = false;
  app.add_flag("-c", command_mode, "Read commands from the first operand");
  app.add_flag("-s", stdin_mode, "Read commands from standard input");
  app.add_flag("-i", out.force_interactive, "Interactive shell");

  for (const OptionInfo& info : Options::all()) {
    if (info.letter == '\0') continue;
    Option option = info.option;
    app.add_flag_callback(std::string("-") + info.letter,
                          [&out, option] { out.option_changes.emplace_back(option, true); },
                          std::string("set -o ") + std::string(info.name));
  }
  auto set_named = [&out](const std::string& name, bool on) {
    auto option = Options::by_name(name);
    if (!option) {
      throw CLI::ValidationError("-o", "unknown option '" + name + "' (valid: " +
                                           valid_option_names() + ")");
    }
    out.option_changes.emplace_back(*option, on);
  };
  app.add_option_function<std::vector<std::string>>(
         "-o", [&](const std::vector<std::string>& names) {
           for (const auto& n : names) set_named(n, true);
         },
         "Set an option by name")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  app.add_option_function<std::vector<std::string>>(
         "--unset-option", [&](const std::vector<std::string>& names) {
           for (const auto& n : names) set_named(n, false);
         })
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false)
      ->group("");
  app.add_option_function<std::vector<std::string>>(
         "--unset-letters",
         [&out](const std::vector<std::string>& groups) {
           for (const auto& letters : groups) {
             for (char c : letters) {
               auto option = Options::by_letter(c);
               if (!option) throw CLI::ValidationError("+" + letters, "unknown option letter");
               out.option_changes.emplace_back(*option, false);
             }
           }
         })
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false)
      ->group("");

  std::string backend_name;
  app.add_option("--spawn", backend_name,
                 "Process-spawn backend (default: $SPAWNSH_SPAWN, else auto)")
      ->check(CLI::IsMember({"fork", "vfork", "clone", "posix_spawn", "emulated", "auto"}));
  std::string level_name;
  app.add_option("--log-level", level_name, "Diagnostics on stderr (default: off)")
      ->check(CLI::IsMember({"off", "error", "warn", "info", "debug", "trace"}));

  std::vector<std::string> operands;
  app.add_option("operands", operands, "script [args...] | -c string [name [args...]]");

  std::string error;
  std::vector<std::string> args = rewrite_plus_options(argc, argv, error);
  if (!error.empty()) {
    std::fprintf(stderr, "spawnsh: %s\n", error.c_str());
    return 2;
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes its vector in reverse order
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::puts(kVersion);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "spawnsh: %s\n", e.what());
    return 2;
  }

  for (auto& extra : app.remaining()) operands.push_back(std::move(extra));
  if (!backend_name.empty()) {
    spawn::Backend b;
    spawn::parse_backend(backend_name, b);
    out.backend = b;
  }
  if (!level_name.empty()) {
    log::Level level;
    log::parse_level(level_name, level);
    out.log_level = level;
  }

  std::size_t next = 0;
  if (command_mode) {
    if (operands.empty()) {
      std::fputs("spawnsh: -c: option requires an argument\n", stderr);
      return 2;
    }
    out.mode = Invocation::Mode::CommandString;
    out.command_string = operands[next++];
    if (next < operands.size()) out.arg0 = operands[next++];
  } else if (!stdin_mode && !operands.empty()) {
    out.mode = Invocation::Mode::Script;
    out.script = operands[next++];
  }
  out.args.assign(operands.begin() + static_cast<std::ptrdiff_t>(next), operands.end());
  return std::nullopt;
}

}  // namespace spawnsh::app
