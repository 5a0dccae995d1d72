// export, readonly, unset, set, shift: the builtins that change the shell's variables, options
// and positional parameters. All are special builtins: a usage error ends a non-interactive
// shell (XCU 2.8.1).
#include <cerrno>
#include <charconv>
#include <cstring>
#include <unistd.h>

#include "builtins/builtins.h"
#include "builtins/options.h"
#include "builtins/output.h"
#include "shell/errors.h"
#include "shell/init.h"
#include "shell/quote.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

[[noreturn]] void special_error(Shell& shell, const std::string& message) {
  shell.error(message);
  throw CommandError{2, true};
}

enum class Attribute { Export, Readonly };

// export/readonly [-p] [name[=value]...]
int mark(Shell& shell, std::span<const std::string> argv, Attribute attribute) {
  const char* builtin = attribute == Attribute::Export ? "export" : "readonly";
  std::size_t i = 1;
  bool print = false;
  for (; i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-'; ++i) {
    if (argv[i] == "--") {
      ++i;
      break;
    }
    if (argv[i] != "-p") special_error(shell, std::string(builtin) + ": " + argv[i] + ": bad option");
    print = true;
  }
  if (i == argv.size() || (print && i == argv.size())) {
    Output out(shell, builtin);
    for (const auto& [name, v] : shell.vars.sorted()) {
      bool has = attribute == Attribute::Export ? v->exported : v->readonly;
      if (!has) continue;
      out.put(builtin);
      out.put(' ');
      out.put(name);
      if (v->set) {
        out.put('=');
        out.put(quote_for_reinput(v->value));
      }
      out.put('\n');
    }
    return out.status(0);
  }
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    std::size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (!Variables::is_name(name)) special_error(shell, std::string(builtin) + ": " + name + ": bad variable name");
    if (eq != std::string::npos && !shell.vars.assign(name, std::string_view(arg).substr(eq + 1))) {
      special_error(shell, name + ": is read only");
    }
    if (attribute == Attribute::Export) {
      shell.vars.set_exported(name);
    } else {
      shell.vars.set_readonly(name);
    }
  }
  return 0;
}

int list_variables(Shell& shell) {
  Output out(shell, "set");
  for (const auto& [name, v] : shell.vars.sorted()) {
    if (!v->set) continue;
    out.put(name);
    out.put('=');
    out.put(quote_for_reinput(v->value));
    out.put('\n');
  }
  return out.status();
}

int list_options(Shell& shell, bool reinput) {
  Output out(shell, "set");
  if (!reinput) out.put("Current option settings\n");
  for (const OptionInfo& info : Options::all()) {
    bool on = shell.options.get(info.option);
    if (reinput) {
      out.put(on ? "set -o " : "set +o ");
      out.put(info.name);
    } else {
      std::string name(info.name);
      name.resize(std::max<std::size_t>(name.size() + 1, 16), ' ');
      out.put(name);
      out.put(on ? "on" : "off");
    }
    out.put('\n');
  }
  return out.status();
}

}  // namespace

int export_(Shell& shell, std::span<const std::string> argv) {
  return mark(shell, argv, Attribute::Export);
}

int readonly(Shell& shell, std::span<const std::string> argv) {
  return mark(shell, argv, Attribute::Readonly);
}

// unset [-f|-v] name...
int unset(Shell& shell, std::span<const std::string> argv) {
  bool functions = false;
  OptionScanner options(argv);
  while (char c = options.next()) {
    if (c == 'f') {
      functions = true;
    } else if (c == 'v') {
      functions = false;
    } else {
      special_error(shell, std::string("unset: Illegal option -") + c);
    }
  }
  for (const std::string& name : options.operands()) {
    if (functions) {
      shell.functions.erase(name);
    } else if (!Variables::is_name(name)) {
      special_error(shell, "unset: " + name + ": bad variable name");
    } else if (!shell.vars.unset(name)) {
      special_error(shell, "unset: " + name + ": is read only");
    }
  }
  return 0;
}

// set [-abCefhmnuvx] [-o name]... [--] [arg...]; set -o / set +o list the options; set alone
// lists the variables.
int set(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() == 1) return list_variables(shell);
  int status = 0;
  const bool was_privileged = shell.options.get(Option::Privileged);
  std::size_t i = 1;
  bool new_positional = false;
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      ++i;
      new_positional = true;
      break;
    }
    if (arg == "-") {  // historical: turns off -x and -v and ends the options
      shell.options.set(Option::XTrace, false);
      shell.options.set(Option::Verbose, false);
      ++i;
      new_positional = true;
      break;
    }
    if (arg.size() < 2 || (arg[0] != '-' && arg[0] != '+')) break;
    bool on = arg[0] == '-';
    for (std::size_t k = 1; k < arg.size(); ++k) {
      char c = arg[k];
      if (c == 'o') {
        if (i + 1 >= argv.size()) {
          if (list_options(shell, !on) != 0) status = 1;
          continue;
        }
        const std::string& name = argv[++i];
        auto option = Options::by_name(name);
        if (!option) special_error(shell, "set: Illegal option -o " + name);
        shell.options.set(*option, on);
        continue;
      }
      auto option = Options::by_letter(c);
      if (!option) special_error(shell, std::string("set: Illegal option ") + arg[0] + c);
      shell.options.set(*option, on);
    }
  }
  shell.vars.export_all = shell.options.get(Option::AllExport);
  apply_monitor_option(shell);
  if (was_privileged && !shell.options.get(Option::Privileged) && !drop_privileges()) {
    shell.error(std::string("set: cannot drop privileges: ") + std::strerror(errno));
    status = 1;
  }
  if (i < argv.size() || new_positional) {
    shell.positional.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
  }
  return status;
}

// shift [n]
int shift(Shell& shell, std::span<const std::string> argv) {
  std::size_t n = 1;
  if (argv.size() > 1) {
    const std::string& text = argv[1];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) {
      special_error(shell, "shift: Illegal number: " + text);
    }
  }
  if (n > shell.positional.size()) special_error(shell, "shift: can't shift that many");
  shell.positional.erase(shell.positional.begin(),
                         shell.positional.begin() + static_cast<std::ptrdiff_t>(n));
  return 0;
}

}  // namespace spawnsh::builtins
