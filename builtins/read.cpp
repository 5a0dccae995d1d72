// read [-r] [-d delim] [-p prompt] name...  (XCU read)
//
// Reads one line (up to the delimiter, newline by default) from standard input without reading
// past it: one byte at a time from a pipe or terminal, a block at a time from a regular file with
// the unread rest given back by lseek. Without -r a backslash quotes the next byte and a
// backslash-newline joins lines. The line is split into fields at IFS as in XCU 2.6.5 (escaped
// bytes never split); each name gets a field, the last name the rest of the line less its
// trailing IFS white space (and less a single trailing delimiter when it holds only one field).
// Status 0; 1 at end of file (the names are still set); 2 for an error.
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "builtins/options.h"
#include "builtins/utilities.h"
#include "shell/expand/field_split.h"
#include "shell/expand/prompt.h"
#include "shell/interrupt.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// Bytes from an fd, never consuming more than what is returned (see finish()).
class LineSource {
 public:
  explicit LineSource(int fd) : fd_(fd) {
    struct stat st;
    block_ = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::lseek(fd, 0, SEEK_CUR) != -1;
  }
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;
  ~LineSource() { finish(); }

  // A byte, or -1 at end of file, or -2 after an error (errno set).
  int get() {
    if (pos_ < len_) return static_cast<unsigned char>(buffer_[pos_++]);
    std::size_t want = block_ ? sizeof buffer_ : 1;
    for (;;) {
      ssize_t n = ::read(fd_, buffer_, want);
      if (n > 0) {
        len_ = static_cast<std::size_t>(n);
        pos_ = 1;
        return static_cast<unsigned char>(buffer_[0]);
      }
      if (n == 0) return -1;
      if (errno != EINTR) return -2;
      check_interrupt();  // Ctrl-C in an interactive shell ends the read and the command line
    }
  }

  // Gives back what was read ahead of the line.
  void finish() {
    if (pos_ < len_) {
      ::lseek(fd_, -static_cast<off_t>(len_ - pos_), SEEK_CUR);
    }
    pos_ = len_ = 0;
  }

 private:
  int fd_;
  bool block_ = false;
  char buffer_[4096];
  std::size_t pos_ = 0, len_ = 0;
};

// The line read, with a flag per byte: 1 when a backslash quoted it.
struct Line {
  std::string text;
  std::vector<unsigned char> quoted;
  void push(char c, bool q) {
    text.push_back(c);
    quoted.push_back(q ? 1 : 0);
  }
};

class Splitter {
 public:
  Splitter(const Line& line, const expand::Ifs& ifs) : line_(line), ifs_(ifs) {}

  bool white(std::size_t i) const {
    return !line_.quoted[i] && ifs_.is_white(static_cast<unsigned char>(line_.text[i]));
  }
  bool delimiter(std::size_t i) const {
    return !line_.quoted[i] && ifs_.is_delimiter(static_cast<unsigned char>(line_.text[i]));
  }
  // Skips one field delimiter at `i`: IFS white space, at most one other IFS byte, white space.
  std::size_t skip_delimiter(std::size_t i, std::size_t end) const {
    while (i < end && white(i)) ++i;
    if (i < end && delimiter(i)) {
      ++i;
      while (i < end && white(i)) ++i;
    }
    return i;
  }
  std::size_t field_end(std::size_t i, std::size_t end) const {
    while (i < end && !delimiter(i)) ++i;
    return i;
  }

  // The values for `count` names.
  std::vector<std::string> split(std::size_t count) const {
    std::vector<std::string> values(count);
    const std::string& text = line_.text;
    std::size_t len = text.size();
    if (!ifs_.splits()) {
      values[0] = text;
      return values;
    }
    std::size_t pos = 0;
    while (pos < len && white(pos)) ++pos;
    for (std::size_t k = 0; k + 1 < count; ++k) {
      std::size_t end = field_end(pos, len);
      values[k] = text.substr(pos, end - pos);
      pos = skip_delimiter(end, len);
    }
    std::size_t end = len;
    while (end > pos && white(end - 1)) --end;
    std::size_t first = field_end(pos, end);
    if (skip_delimiter(first, end) >= end) end = first;  // only one field: no trailing delimiter
    values[count - 1] = text.substr(pos, end - pos);
    return values;
  }

 private:
  const Line& line_;
  const expand::Ifs& ifs_;
};

}  // namespace

int read_(Shell& shell, std::span<const std::string> argv) {
  bool raw = false;
  char delimiter = '\n';
  std::optional<std::string> prompt;
  OptionScanner options(argv);
  while (char opt = options.next()) {
    if (opt == 'r') {
      raw = true;
    } else if (opt == 'd' || opt == 'p') {
      std::optional<std::string> value = options.argument();
      if (!value) {
        shell.error(std::string("read: -") + opt + ": option requires an argument");
        return 2;
      }
      if (opt == 'd') delimiter = value->empty() ? '\0' : (*value)[0];
      else prompt = std::move(*value);
    } else {
      shell.error(std::string("read: -") + opt + ": invalid option");
      return 2;
    }
  }
  std::span<const std::string> names = options.operands();
  if (names.empty()) {
    shell.error("read: a variable name is required");
    return 2;
  }
  for (const std::string& name : names) {
    if (!Variables::is_name(name)) {
      shell.error("read: " + name + ": bad variable name");
      return 2;
    }
  }

  const bool at_terminal = ::isatty(STDIN_FILENO) == 1;
  if (prompt && at_terminal) {
    ssize_t ignored = ::write(STDERR_FILENO, prompt->data(), prompt->size());
    (void)ignored;
  }

  Line line;
  bool end_of_file = false;
  int read_errno = 0;
  {
    LineSource source(STDIN_FILENO);
    for (;;) {
      int c = source.get();
      if (c < 0) {
        end_of_file = true;
        if (c == -2) read_errno = errno;
        break;
      }
      if (c == static_cast<unsigned char>(delimiter)) break;
      if (c == '\0') continue;  // a variable cannot hold a NUL byte
      if (c == '\\' && !raw) {
        int d = source.get();
        if (d < 0) {
          end_of_file = true;
          if (d == -2) read_errno = errno;
          break;
        }
        if (d == '\n') {
          if (shell.interactive && at_terminal) {
            // PS2 is parameter-expanded like the shell's own continuation prompt.
            const std::string* ps2 = shell.vars.value("PS2");
            std::string text = ps2 != nullptr ? expand::expand_prompt(shell, "PS2", *ps2) : "> ";
            ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
            (void)ignored;
          }
          continue;
        }
        if (d == '\0') continue;
        line.push(static_cast<char>(d), true);
        continue;
      }
      line.push(static_cast<char>(c), false);
    }
  }
  if (read_errno != 0) {
    shell.error(std::string("read: read error: ") + std::strerror(read_errno));
    return 2;
  }

  const std::string* ifs_value = shell.vars.value("IFS");
  expand::Ifs ifs(ifs_value != nullptr ? std::optional<std::string_view>(*ifs_value)
                                       : std::nullopt);
  std::vector<std::string> values = Splitter(line, ifs).split(names.size());
  int status = end_of_file ? 1 : 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (!shell.vars.assign(names[k], values[k])) {
      shell.error("read: " + names[k] + ": is read only");
      status = 2;
    }
  }
  return status;
}

}  // namespace spawnsh::builtins
