// echo, true, false.
#include <unistd.h>

#include "builtins/builtins.h"
#include "builtins/output.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

// echo [-n] [string...]: as dash has it: -n (first operand only) leaves out the newline, and
// the backslash escapes \a \b \c \f \n \r \t \v \\ \0nnn \nnn are interpreted (\c ends the
// output).
int echo(Shell& shell, std::span<const std::string> argv) {
  Output out(shell, "echo");
  std::size_t first = argv.size() > 1 && argv[1] == "-n" ? 2 : 1;
  for (std::size_t i = first; i < argv.size(); ++i) {
    if (i > first) out.put(' ');
    const std::string& s = argv[i];
    for (std::size_t k = 0; k < s.size(); ++k) {
      char c = s[k];
      if (c != '\\' || k + 1 >= s.size()) {
        out.put(c);
        continue;
      }
      char e = s[++k];
      switch (e) {
        case 'a': out.put('\a'); break;
        case 'b': out.put('\b'); break;
        case 'c': return out.status(0);
        case 'f': out.put('\f'); break;
        case 'n': out.put('\n'); break;
        case 'r': out.put('\r'); break;
        case 't': out.put('\t'); break;
        case 'v': out.put('\v'); break;
        case '\\': out.put('\\'); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
          // \0 is followed by up to three octal digits (XSI); \N is an octal number of up to
          // three digits itself. The value keeps its low eight bits.
          int value = e == '0' ? 0 : e - '0';
          int more = e == '0' ? 3 : 2;
          for (; more > 0 && k + 1 < s.size() && s[k + 1] >= '0' && s[k + 1] <= '7'; --more) {
            value = value * 8 + (s[++k] - '0');
          }
          out.put(static_cast<char>(value & 0xff));
          break;
        }
        default:
          out.put('\\');
          out.put(e);
      }
    }
  }
  if (first == 1) out.put('\n');
  return out.status(0);
}

int true_(Shell&, std::span<const std::string>) { return 0; }
int false_(Shell&, std::span<const std::string>) { return 1; }

}  // namespace spawnsh::builtins
