#include "shell/exec/location.h"

#include "shell/shell.h"
#include "shell/syntax/source.h"

namespace spawnsh::exec {
namespace {

// Names the command loop gives to text that is no file (shell/run.cpp).
bool is_unnamed_input(const std::string* file) {
  static const std::string* const command_string = syntax::intern_source_name("-c");
  static const std::string* const standard_input = syntax::intern_source_name("stdin");
  static const std::string* const interactive = syntax::intern_source_name("spawnsh");
  return file == command_string || file == standard_input || file == interactive;
}

bool is_nested_text(const std::string* file) {
  static const std::string* const eval_text = syntax::intern_source_name(kEvalSourceName);
  static const std::string* const trap_text = syntax::intern_source_name(kTrapSourceName);
  return file == eval_text || file == trap_text;
}

}  // namespace

void enter_location(Shell& shell, const syntax::SourceRange& range) {
  const std::string* file = range.file;
  bool nested = is_nested_text(file);
  bool unnamed = file == nullptr || is_unnamed_input(file);
  // A script may itself be called "stdin" or "eval": the script's own name is always a file.
  if ((nested || unnamed) && file != nullptr && *file == shell.source_name) nested = unnamed = false;
  if (nested) return;
  shell.where.line = static_cast<int>(range.line);
  // Interned names live as long as the process, so the view stays valid.
  shell.where.source = unnamed ? std::string_view() : std::string_view(*file);
}

}  // namespace spawnsh::exec
