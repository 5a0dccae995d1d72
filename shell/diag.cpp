#include "shell/diag.h"

#include <unistd.h>

#include "shell/syntax/parse_error.h"

namespace spawnsh {

namespace {

// Appends `text` with its unprintable bytes escaped (syntax::escape_unprintable, ESC is \033),
// line by line: names and words in a message come from the script, which must not be able to
// drive the user's terminal through stderr. Newlines are kept, as a nested syntax error's
// source line and caret are the message's second and third lines.
void append_shown(std::string& line, std::string_view text) {
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    line.append(syntax::escape_unprintable(text.substr(start, end - start)));
    if (end < text.size()) line.push_back('\n');
    start = end + 1;
  }
}

}  // namespace

void report_error(std::string_view shell_name, const Location& where, std::string_view message) {
  std::string line;
  line.reserve(shell_name.size() + where.source.size() + message.size() + 24);
  // No name: a utility run as a program (app/applets.h), whose messages start with its own.
  if (!shell_name.empty()) line.append(shell_name).append(": ");
  if (!where.source.empty()) {
    append_shown(line, where.source);
    line.append(": ");
  }
  if (where.line > 0) line.append("line ").append(std::to_string(where.line)).append(": ");
  append_shown(line, message);
  line.push_back('\n');
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n <= 0) break;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace spawnsh
