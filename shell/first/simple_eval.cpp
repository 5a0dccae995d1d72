#include "shell/first/simple_eval.h"

#include "shell/exec/external.h"
#include "shell/shell.h"

namespace spawnsh::first {

int run_command(Shell& shell, const Command& command) {
  if (command.words.empty()) return shell.last_status;
  std::vector<std::string> argv;
  argv.reserve(command.words.size());
  for (const Word& word : command.words) {
    std::string field;
    for (const WordPart& part : word) {
      if (part.kind == WordPart::Kind::Text) {
        field += part.text;
      } else {
        field += std::to_string(shell.last_status);
      }
    }
    argv.push_back(std::move(field));
  }
  if (const Builtin* builtin = shell.builtins.find(argv[0])) return builtin->run(shell, argv);
  return run_program(shell, argv);
}

}  // namespace spawnsh::first
