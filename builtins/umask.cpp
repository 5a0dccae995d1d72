// umask [-S] [mask]  (XCU umask)
//
// Without a mask: the mask in four octal digits (0022), or with -S the permissions it lets
// through (u=rwx,g=rx,o=rx). A mask is an octal number (only the permission bits are kept, as
// dash) or a symbolic mode as chmod reads it: clauses [ugoa]*[+-=][rwxXst|ugo]* separated by
// commas, applied to the permissions the mask lets through; a clause without who letters is for
// all (the mask itself is not applied, as umask +x would make no sense otherwise); s and t are
// accepted and change nothing (the mask holds only permission bits).
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins/options.h"
#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

constexpr mode_t kAll = 0777;

// Applies a symbolic mode to permission bits; false when the mode is not well formed.
bool apply_symbolic(std::string_view mode, mode_t& perm) {
  mode_t result = perm;
  std::size_t i = 0, n = mode.size();
  if (n == 0) return false;
  for (;;) {
    // who
    mode_t who = 0;
    bool any_who = false;
    for (; i < n; ++i) {
      char c = mode[i];
      if (c == 'u') who |= 0700;
      else if (c == 'g') who |= 0070;
      else if (c == 'o') who |= 0007;
      else if (c == 'a') who |= 0777;
      else break;
      any_who = true;
    }
    if (!any_who) who = kAll;
    // one or more actions
    if (i >= n || (mode[i] != '+' && mode[i] != '-' && mode[i] != '=')) return false;
    while (i < n && (mode[i] == '+' || mode[i] == '-' || mode[i] == '=')) {
      char op = mode[i++];
      mode_t bits = 0;
      if (i < n && (mode[i] == 'u' || mode[i] == 'g' || mode[i] == 'o')) {
        // a copy of one class's permissions
        int shift = mode[i] == 'u' ? 6 : mode[i] == 'g' ? 3 : 0;
        mode_t copy = (result >> shift) & 07;
        bits = copy << 6 | copy << 3 | copy;
        ++i;
      } else {
        for (; i < n; ++i) {
          char c = mode[i];
          if (c == 'r') bits |= 0444;
          else if (c == 'w') bits |= 0222;
          else if (c == 'x') bits |= 0111;
          else if (c == 'X') bits |= (result & 0111) != 0 ? 0111 : 0;
          else if (c == 's' || c == 't') continue;  // not part of a mask
          else break;
        }
      }
      bits &= who;
      if (op == '+') result |= bits;
      else if (op == '-') result &= ~bits;
      else result = (result & ~who) | bits;
    }
    if (i >= n) break;
    if (mode[i] != ',' || i + 1 >= n) return false;
    ++i;
  }
  perm = result & kAll;
  return true;
}

void put_symbolic(Output& out, mode_t mask) {
  mode_t perm = ~mask & kAll;
  const char* classes = "ugo";
  for (int k = 0; k < 3; ++k) {
    int shift = 6 - 3 * k;
    if (k > 0) out.put(',');
    out.put(classes[k]);
    out.put('=');
    if (perm >> shift & 4) out.put('r');
    if (perm >> shift & 2) out.put('w');
    if (perm >> shift & 1) out.put('x');
  }
  out.put('\n');
}

}  // namespace

int umask(Shell& shell, std::span<const std::string> argv) {
  bool symbolic = false;
  OptionScanner options(argv);
  while (char c = options.next()) {
    if (c != 'S') {
      shell.error(std::string("umask: -") + c + ": invalid option");
      return 2;
    }
    symbolic = true;
  }
  std::size_t i = argv.size() - options.operands().size();
  mode_t current = ::umask(0);
  ::umask(current);
  if (i >= argv.size()) {
    Output out(shell, "umask");
    if (symbolic) {
      put_symbolic(out, current);
    } else {
      char text[6] = {'0', static_cast<char>('0' + (current >> 6 & 7)),
                      static_cast<char>('0' + (current >> 3 & 7)),
                      static_cast<char>('0' + (current & 7)), '\n', '\0'};
      out.put(std::string_view(text, 5));
    }
    return out.status(0);
  }
  // Further operands are ignored, as dash does.
  const std::string& mode = argv[i];
  mode_t mask;
  if (!mode.empty() && mode[0] >= '0' && mode[0] <= '9') {
    unsigned long value = 0;
    for (char c : mode) {
      if (c < '0' || c > '7') {
        shell.error("umask: " + mode + ": invalid octal mask");
        return 2;
      }
      value = (value * 8 + static_cast<unsigned long>(c - '0')) & 07777777;
    }
    mask = static_cast<mode_t>(value) & kAll;
  } else {
    mode_t perm = ~current & kAll;
    if (!apply_symbolic(mode, perm)) {
      shell.error("umask: " + mode + ": invalid mode");
      return 2;
    }
    mask = ~perm & kAll;
  }
  ::umask(mask);
  return 0;
}

}  // namespace spawnsh::builtins
