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
  const int saved_status = shell.last_status;
  const int saved_substitution_status = shell.substitution_status;
  const bool saved_xtrace = shell.options.get(Option::XTrace);
  shell.options.set(Option::XTrace, false);
  std::string result;
  try {
    result = expand_quoted_parts(shell, parsed.word->parts);
  } catch (const CommandError&) {
    result = text;  // the message is already out
  }
  shell.options.set(Option::XTrace, saved_xtrace);
  shell.last_status = saved_status;
  shell.substitution_status = saved_substitution_status;
  return result;
}

}  // namespace spawnsh::expand
