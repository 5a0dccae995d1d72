// alias [name[=value]...], unalias [-a] name...  (aliases are expanded by the parser's lexer)
#include <algorithm>
#include <unistd.h>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "shell/quote.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

int alias(Shell& shell, std::span<const std::string> argv) {
  Output out(shell, "alias");
  auto print = [&](const std::string& name, const std::string& value) {
    out.put(name + "=" + quote_for_reinput(value) + "\n");
  };
  if (argv.size() == 1) {
    std::vector<std::pair<std::string, std::string>> all(shell.aliases.begin(), shell.aliases.end());
    std::sort(all.begin(), all.end());
    for (const auto& [name, value] : all) print(name, value);
    return out.status();
  }
  int status = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    std::size_t eq = arg.find('=');
    if (eq != std::string::npos && eq > 0) {
      shell.aliases[arg.substr(0, eq)] = arg.substr(eq + 1);
      continue;
    }
    auto it = shell.aliases.find(arg);
    if (it == shell.aliases.end()) {
      out.error("alias: " + arg + " not found");
      status = 1;
    } else {
      print(it->first, it->second);
    }
  }
  return out.status(status);
}

int unalias(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() > 1 && argv[1] == "-a") {
    shell.aliases.clear();
    return 0;
  }
  int status = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (shell.aliases.erase(argv[i]) == 0) {
      shell.error("unalias: " + argv[i] + " not found");
      status = 1;
    }
  }
  return status;
}

}  // namespace spawnsh::builtins
