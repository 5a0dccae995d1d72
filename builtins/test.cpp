// test [expression], [ [expression] ]  (XCU test)
//
// With 0 to 4 arguments the result follows the POSIX table (which looks at the argument count
// before the operators); with more, or where the table leaves a form unspecified, the XSI grammar
// below decides, as in dash:
//   or   := and { -o and }
//   and  := not { -a not }
//   not  := ! not | primary
//   primary := ( or ) | unary-op operand | operand binary-op operand | operand
// An error (a bad number, a missing operand, an unknown operator) gives status 2.
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

struct TestError {
  std::string message;
};

bool is_unary_operator(std::string_view op) {
  if (op.size() != 2 || op[0] != '-') return false;
  switch (op[1]) {
    case 'b': case 'c': case 'd': case 'e': case 'f': case 'g': case 'h': case 'k': case 'L':
    case 'n': case 'p': case 'r': case 'S': case 's': case 't': case 'u': case 'w': case 'x':
    case 'z': case 'O': case 'G':
      return true;
    default:
      return false;
  }
}

// The binary primaries; -a and -o are binary primaries too (XSI), but only the 3-argument rule
// and the grammar's and/or levels treat them as such.
bool is_binary_operator(std::string_view op) {
  return op == "=" || op == "!=" || op == "<" || op == ">" || op == "-eq" || op == "-ne" ||
         op == "-gt" || op == "-ge" || op == "-lt" || op == "-le" || op == "-nt" || op == "-ot" ||
         op == "-ef";
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// An integer operand: optional blanks, an optional sign, decimal digits, optional blanks.
std::intmax_t to_integer(std::string_view text) {
  std::size_t i = 0, n = text.size();
  while (i < n && is_space(text[i])) ++i;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::size_t digits_start = i;
  std::uintmax_t magnitude = 0;
  bool overflow = false;
  const std::uintmax_t limit =
      negative ? static_cast<std::uintmax_t>(INTMAX_MAX) + 1 : static_cast<std::uintmax_t>(INTMAX_MAX);
  while (i < n && text[i] >= '0' && text[i] <= '9') {
    unsigned digit = static_cast<unsigned>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) overflow = true;
    else magnitude = magnitude * 10 + digit;
    ++i;
  }
  std::size_t digits_end = i;
  while (i < n && is_space(text[i])) ++i;
  if (digits_end == digits_start || i != n) {
    throw TestError{std::string(text) + ": integer expression expected"};
  }
  if (overflow) throw TestError{std::string(text) + ": integer out of range"};
  if (!negative) return static_cast<std::intmax_t>(magnitude);
  if (magnitude == static_cast<std::uintmax_t>(INTMAX_MAX) + 1) return INTMAX_MIN;
  return -static_cast<std::intmax_t>(magnitude);
}

bool file_test(char op, const std::string& path) {
  struct stat st;
  switch (op) {
    case 'h':
    case 'L':
      return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
    case 'r':
      return ::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) == 0;
    case 'w':
      return ::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) == 0;
    case 'x':
      return ::faccessat(AT_FDCWD, path.c_str(), X_OK, AT_EACCESS) == 0;
    default:
      break;
  }
  if (::stat(path.c_str(), &st) != 0) return false;
  switch (op) {
    case 'b': return S_ISBLK(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'e': return true;
    case 'f': return S_ISREG(st.st_mode);
    case 'g': return (st.st_mode & S_ISGID) != 0;
    case 'k': return (st.st_mode & S_ISVTX) != 0;
    case 'p': return S_ISFIFO(st.st_mode);
    case 'S': return S_ISSOCK(st.st_mode);
    case 's': return st.st_size > 0;
    case 'u': return (st.st_mode & S_ISUID) != 0;
    case 'O': return st.st_uid == ::geteuid();
    case 'G': return st.st_gid == ::getegid();
    default: return false;
  }
}

bool unary(std::string_view op, const std::string& operand) {
  switch (op[1]) {
    case 'n': return !operand.empty();
    case 'z': return operand.empty();
    case 't': {
      std::intmax_t fd = to_integer(operand);
      return fd >= 0 && fd <= INT_MAX && ::isatty(static_cast<int>(fd)) == 1;
    }
    default: return file_test(op[1], operand);
  }
}

// a newer than b: a exists and b does not, or both exist and a's modification time is later.
bool newer(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0) return false;
  if (::stat(b.c_str(), &sb) != 0) return true;
  if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec) return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec;
  return sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec;
}

bool binary(const std::string& left, std::string_view op, const std::string& right) {
  if (op == "=") return left == right;
  if (op == "!=") return left != right;
  if (op == "<") return left < right;
  if (op == ">") return left > right;
  if (op == "-nt") return newer(left, right);
  if (op == "-ot") return newer(right, left);
  if (op == "-ef") {
    struct stat sa, sb;
    return ::stat(left.c_str(), &sa) == 0 && ::stat(right.c_str(), &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  }
  std::intmax_t a = to_integer(left), b = to_integer(right);
  if (op == "-eq") return a == b;
  if (op == "-ne") return a != b;
  if (op == "-gt") return a > b;
  if (op == "-ge") return a >= b;
  if (op == "-lt") return a < b;
  return a <= b;  // -le
}

class Evaluator {
 public:
  explicit Evaluator(std::span<const std::string> args) : args_(args) {}

  bool run() {
    switch (args_.size()) {
      case 0: return false;
      case 1: return !args_[0].empty();
      case 2: return two(0);
      case 3: return three(0);
      case 4: return four();
      default: return grammar();
    }
  }

 private:
  // The POSIX table, on args_[at...] (to the end).
  bool two(std::size_t at) {
    if (args_[at] == "!") return args_[at + 1].empty();
    if (is_unary_operator(args_[at])) return unary(args_[at], args_[at + 1]);
    return grammar_from(at);
  }
  bool three(std::size_t at) {
    const std::string& op = args_[at + 1];
    if (is_binary_operator(op)) return binary(args_[at], op, args_[at + 2]);
    if (op == "-a") return !args_[at].empty() && !args_[at + 2].empty();
    if (op == "-o") return !args_[at].empty() || !args_[at + 2].empty();
    if (args_[at] == "!") return !two(at + 1);
    if (args_[at] == "(" && args_[at + 2] == ")") return !args_[at + 1].empty();
    return grammar_from(at);
  }
  bool four() {
    if (args_[0] == "!") return !three(1);
    if (args_[0] == "(" && args_[3] == ")") {
      Evaluator inner(args_.subspan(1, 2));
      return inner.two(0);
    }
    return grammar();
  }

  bool grammar_from(std::size_t at) {
    Evaluator rest(args_.subspan(at));
    return rest.grammar();
  }

  bool grammar() {
    bool value = or_expression();
    if (pos_ < args_.size()) throw TestError{args_[pos_] + ": unexpected operator"};
    return value;
  }

  bool or_expression() {
    bool value = and_expression();
    while (pos_ < args_.size() && args_[pos_] == "-o") {
      ++pos_;
      bool right = and_expression();
      value = value || right;
    }
    return value;
  }

  bool and_expression() {
    bool value = not_expression();
    while (pos_ < args_.size() && args_[pos_] == "-a") {
      ++pos_;
      bool right = not_expression();
      value = value && right;
    }
    return value;
  }

  bool not_expression() {
    bool negate = false;
    while (pos_ + 1 < args_.size() && args_[pos_] == "!") {
      ++pos_;
      negate = !negate;
    }
    return primary() != negate;
  }

  bool primary() {
    if (pos_ >= args_.size()) {
      throw TestError{pos_ == 0 ? std::string("argument expected")
                                : args_[pos_ - 1] + ": argument expected"};
    }
    const std::string& word = args_[pos_];
    std::size_t left = args_.size() - pos_;
    if (left >= 3 && is_binary_operator(args_[pos_ + 1])) {
      pos_ += 3;
      return binary(word, args_[pos_ - 2], args_[pos_ - 1]);
    }
    if (word == "(" && left >= 2) {
      if (++depth_ > kMaxDepth) throw TestError{"expression nested too deeply"};
      ++pos_;
      bool value = or_expression();
      --depth_;
      if (pos_ >= args_.size() || args_[pos_] != ")") throw TestError{"closing ) expected"};
      ++pos_;
      return value;
    }
    if (is_unary_operator(word) && left >= 2) {
      pos_ += 2;
      return unary(word, args_[pos_ - 1]);
    }
    if (left >= 2 && is_binary_operator(args_[pos_ + 1])) {
      throw TestError{args_[pos_ + 1] + ": argument expected"};
    }
    ++pos_;
    return !word.empty();
  }

  static constexpr int kMaxDepth = 1000;  // parentheses: bounded so the stack is too

  std::span<const std::string> args_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

int test(Shell& shell, std::span<const std::string> argv) {
  const std::string& name = argv[0];
  std::span<const std::string> args = argv.subspan(1);
  if (name == "[") {
    if (args.empty() || args.back() != "]") {
      shell.error("[: missing ]");
      return 2;
    }
    args = args.first(args.size() - 1);
  }
  try {
    Evaluator evaluator(args);
    return evaluator.run() ? 0 : 1;
  } catch (const TestError& e) {
    shell.error(name + ": " + e.message);
    return 2;
  }
}

}  // namespace spawnsh::builtins
