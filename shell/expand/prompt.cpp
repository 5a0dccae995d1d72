#include "shell/expand/prompt.h"

#include <unistd.h>

#include "shell/errors.h"
#include "shell/expand/expand.h"
#include "shell/shell.h"
#include "shell/syntax/parser.h"

namespace spawnsh::expand {

std::string expand_prompt(Shell& shell, std::string_view name, const std::string& text) {
  // Most prompts hold nothing to expand: skip the parser for them.
  if (text.find_first_of("$`\\") == std::string::npos) return text;
  const syntax::Source source(name, text);
  syntax::TextParseResult parsed = syntax::parse_here_document_text(source);
  if (!parsed.ok()) {
    std::string message = shell.name + ": " + syntax::format_parse_error(*parsed.error);
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, message.data(), message.size());
    return text;
  }
  // A prompt is not a command: its substitutions must not change $? (or the status that a
  // command made only of assignments takes from its last substitution), and `set -x` must not
  // trace the commands inside PS4 (each would need PS4 again).
  // Restored however the expansion ends (an error, or an exception that is not one).
  struct SavedState {
    Shell& shell;
    const int status = shell.last_status;
    const int substitution_status = shell.substitution_status;
    const bool xtrace = shell.options.get(Option::XTrace);
    ~SavedState() {
      shell.options.set(Option::XTrace, xtrace);
      shell.last_status = status;
      shell.substitution_status = substitution_status;
    }
  } saved{shell};
  shell.options.set(Option::XTrace, false);
  try {
    return expand_quoted_parts(shell, parsed.word->parts);
  } catch (const CommandError&) {
    return text;  // the message is already out
  }
}

}  // namespace spawnsh::expand
