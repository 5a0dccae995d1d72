// printf format [argument...]  (XCU printf)
//
// Conversions d i o u x X c s b %, and (as dash) e E f F g G a A. Flags - + space # 0, a field
// width and a precision, each a number or *. The format is reused while arguments remain (and
// the previous pass consumed some); missing arguments are 0 or empty. A bad number is reported,
// sets status 1, and output goes on with the value that was read. An invalid directive stops
// with status 2. \c in a %b argument stops all output.
#include "builtins/printf.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

namespace printf_detail {
namespace {

static_assert(sizeof(std::uintmax_t) == 8, "the digit buffer is sized for 64 bits");

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

struct Scan {
  std::uintmax_t magnitude = 0;
  bool negative = false;
  bool overflow = false;  // the magnitude does not fit in uintmax_t
  bool constant = false;  // a character constant: magnitude is its byte
  NumberError error = NumberError::None;
};

Scan scan(std::string_view text) {
  Scan s;
  if (!text.empty() && (text[0] == '\'' || text[0] == '"')) {
    s.constant = true;
    s.magnitude = text.size() > 1 ? static_cast<unsigned char>(text[1]) : 0;
    return s;
  }
  std::size_t i = 0, n = text.size();
  while (i < n && is_space(text[i])) ++i;
  if (i < n && (text[i] == '+' || text[i] == '-')) s.negative = text[i++] == '-';
  int base = 10;
  if (i < n && text[i] == '0') {
    if (i + 2 < n && (text[i + 1] == 'x' || text[i + 1] == 'X') && digit_value(text[i + 2]) < 16) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  std::size_t digits_start = i;
  const std::uintmax_t max = UINTMAX_MAX;
  while (i < n) {
    int d = digit_value(text[i]);
    if (d >= base) break;
    auto digit = static_cast<std::uintmax_t>(d);
    if (s.magnitude > (max - digit) / static_cast<std::uintmax_t>(base)) {
      s.overflow = true;
    } else {
      s.magnitude = s.magnitude * static_cast<std::uintmax_t>(base) + digit;
    }
    ++i;
  }
  if (i == digits_start) {
    s.magnitude = 0;
    s.negative = false;
    s.overflow = false;
    s.error = text.empty() ? NumberError::None : NumberError::NotNumeric;
  } else if (i != n) {
    s.error = NumberError::Partial;
  }
  return s;
}

}  // namespace

Number<std::intmax_t> parse_signed(std::string_view text) noexcept {
  Scan s = scan(text);
  Number<std::intmax_t> result;
  result.error = s.error;
  constexpr auto positive_limit = static_cast<std::uintmax_t>(INTMAX_MAX);
  if (s.negative) {
    if (s.overflow || s.magnitude > positive_limit + 1) {
      result.value = INTMAX_MIN;
      if (result.error == NumberError::None) result.error = NumberError::Range;
    } else if (s.magnitude == positive_limit + 1) {
      result.value = INTMAX_MIN;
    } else {
      result.value = -static_cast<std::intmax_t>(s.magnitude);
    }
  } else if (s.overflow || s.magnitude > positive_limit) {
    result.value = INTMAX_MAX;
    if (result.error == NumberError::None) result.error = NumberError::Range;
  } else {
    result.value = static_cast<std::intmax_t>(s.magnitude);
  }
  return result;
}

Number<std::uintmax_t> parse_unsigned(std::string_view text) noexcept {
  Scan s = scan(text);
  Number<std::uintmax_t> result;
  result.error = s.error;
  if (s.overflow) {
    result.value = UINTMAX_MAX;
    if (result.error == NumberError::None) result.error = NumberError::Range;
  } else {
    result.value = s.negative ? 0 - s.magnitude : s.magnitude;
  }
  return result;
}

std::string_view number_error_message(NumberError error) noexcept {
  switch (error) {
    case NumberError::None: return {};
    case NumberError::NotNumeric: return "expected numeric value";
    case NumberError::Partial: return "not completely converted";
    case NumberError::Range: return "Numerical result out of range";
  }
  return {};
}

IntegerLayout format_integer(const IntegerSpec& spec, bool negative, std::uintmax_t magnitude) {
  IntegerLayout layout;
  const bool is_signed = spec.conversion == 'd' || spec.conversion == 'i';
  unsigned base = 10;
  const char* digit_chars = "0123456789abcdef";
  if (spec.conversion == 'o') base = 8;
  if (spec.conversion == 'x') base = 16;
  if (spec.conversion == 'X') {
    base = 16;
    digit_chars = "0123456789ABCDEF";
  }
  if (!(spec.precision == 0 && magnitude == 0)) {
    std::uintmax_t v = magnitude;
    do {
      layout.digits_buffer[--layout.digits_start] = digit_chars[v % base];
      v /= base;
    } while (v != 0);
  }
  std::size_t digit_count = layout.digits().size();
  if (spec.precision > 0 && static_cast<std::size_t>(spec.precision) > digit_count) {
    layout.zeros = static_cast<std::size_t>(spec.precision) - digit_count;
  }
  if (spec.alternate && spec.conversion == 'o' && layout.zeros == 0 &&
      (digit_count == 0 || layout.digits()[0] != '0')) {
    layout.zeros = 1;
  }
  if (is_signed) {
    if (negative) layout.prefix[layout.prefix_length++] = '-';
    else if (spec.plus) layout.prefix[layout.prefix_length++] = '+';
    else if (spec.space) layout.prefix[layout.prefix_length++] = ' ';
  } else if (spec.alternate && base == 16 && magnitude != 0) {
    layout.prefix[layout.prefix_length++] = '0';
    layout.prefix[layout.prefix_length++] = spec.conversion;
  }
  std::size_t length = layout.prefix_length + layout.zeros + digit_count;
  std::size_t width = spec.width > 0 ? static_cast<std::size_t>(spec.width) : 0;
  if (width > length) {
    std::size_t pad = width - length;
    if (spec.left) layout.spaces_after = pad;
    else if (spec.zero && spec.precision < 0) layout.zeros += pad;
    else layout.spaces_before = pad;
  }
  return layout;
}

std::string IntegerLayout::to_string() const {
  std::string s(spaces_before, ' ');
  s.append(prefix_text());
  s.append(zeros, '0');
  s.append(digits());
  s.append(spaces_after, ' ');
  return s;
}

}  // namespace printf_detail

namespace {

using namespace printf_detail;

struct Spec {
  bool left = false, plus = false, space = false, alternate = false, zero = false;
  int width = 0;
  int precision = -1;
};

class Printer {
 public:
  Printer(Shell& shell, Output& out, std::span<const std::string> args)
      : shell_(shell), out_(out), args_(args) {}

  int run(std::string_view format) {
    do {
      std::size_t before = next_;
      pass(format);
      if (stop_ || next_ == before) break;
    } while (next_ < args_.size());
    return status_;
  }

 private:
  const std::string& next_argument() {
    static const std::string empty;
    return next_ < args_.size() ? args_[next_++] : empty;
  }

  void warn(const std::string& text, NumberError error) {
    if (error == NumberError::None) return;
    out_.error("printf: " + text + ": " + std::string(number_error_message(error)));
    status_ = 1;
  }

  void fail(std::string_view message) {
    out_.error("printf: " + std::string(message));
    status_ = 2;
    stop_ = true;
  }

  void pad(std::size_t count, char c) {
    static constexpr char kSpaces[] = "                                                                ";
    static constexpr char kZeros[] = "0000000000000000000000000000000000000000000000000000000000000000";
    const char* chunk = c == ' ' ? kSpaces : kZeros;
    constexpr std::size_t kChunk = sizeof kSpaces - 1;
    while (count > 0) {
      std::size_t n = count < kChunk ? count : kChunk;
      out_.put(std::string_view(chunk, n));
      count -= n;
    }
  }

  void put_padded(std::string_view text, const Spec& spec) {
    std::size_t width = spec.width > 0 ? static_cast<std::size_t>(spec.width) : 0;
    std::size_t fill = width > text.size() ? width - text.size() : 0;
    if (!spec.left) pad(fill, ' ');
    out_.put(text);
    if (spec.left) pad(fill, ' ');
  }

  // A width or precision given as *: an int from the next argument.
  int star_value() {
    const std::string& text = next_argument();
    Number<std::intmax_t> n = parse_signed(text);
    warn(text, n.error);
    if (n.value > INT_MAX || n.value < -INT_MAX) {
      if (n.error == NumberError::None) warn(text, NumberError::Range);
      return 0;
    }
    return static_cast<int>(n.value);
  }

  // Reads a run of digits as an int; false when it does not fit.
  static bool read_count(std::string_view f, std::size_t& i, int& value) {
    long long v = 0;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
      v = v * 10 + (f[i] - '0');
      if (v > INT_MAX) return false;
      ++i;
    }
    value = static_cast<int>(v);
    return true;
  }

  // The directive at f[start] ('%') up to its conversion character, for messages.
  static std::string directive_text(std::string_view f, std::size_t start) {
    std::size_t end = f.find_first_not_of("0123456789.*-+ #", start + 1);
    return std::string(f.substr(start, end == std::string_view::npos ? end : end + 1 - start));
  }

  // An escape in the format (after the backslash at f[i - 1]); returns the index after it.
  std::size_t format_escape(std::string_view f, std::size_t i) {
    if (i >= f.size()) {
      out_.put('\\');
      return i;
    }
    char c = f[i];
    if (c >= '0' && c <= '7') {
      unsigned value = 0;
      std::size_t end = i + 3 < f.size() ? i + 3 : f.size();
      while (i < end && f[i] >= '0' && f[i] <= '7') value = value * 8 + static_cast<unsigned>(f[i++] - '0');
      out_.put(static_cast<char>(value & 0xff));
      return i;
    }
    char e = simple_escape(c);
    if (e != 0) {
      out_.put(e);
    } else {
      out_.put('\\');
      out_.put(c);
    }
    return i + 1;
  }

  static char simple_escape(char c) {
    switch (c) {
      case '\\': return '\\';
      case 'a': return '\a';
      case 'b': return '\b';
      case 'e': return '\033';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      default: return 0;
    }
  }

  // %b: the argument with its escapes expanded into scratch_; false when \c was met.
  bool expand_b(std::string_view s) {
    scratch_.clear();
    std::size_t i = 0, n = s.size();
    while (i < n) {
      std::size_t j = s.find('\\', i);
      if (j == std::string_view::npos) {
        scratch_.append(s.substr(i));
        break;
      }
      scratch_.append(s.substr(i, j - i));
      i = j + 1;
      if (i >= n) {
        scratch_.push_back('\\');
        break;
      }
      char c = s[i];
      if (c == 'c') return false;
      if (c >= '0' && c <= '7') {
        // \0ddd (up to three digits after the 0), and as dash \ddd
        if (c == '0') ++i;
        unsigned value = 0;
        std::size_t end = i + 3 < n ? i + 3 : n;
        while (i < end && s[i] >= '0' && s[i] <= '7') value = value * 8 + static_cast<unsigned>(s[i++] - '0');
        scratch_.push_back(static_cast<char>(value & 0xff));
        continue;
      }
      char e = simple_escape(c);
      if (e != 0) {
        scratch_.push_back(e);
      } else {
        scratch_.push_back('\\');
        scratch_.push_back(c);
      }
      ++i;
    }
    return true;
  }

  void integer(const Spec& spec, char conversion) {
    const std::string& text = next_argument();
    IntegerSpec is{spec.left, spec.plus, spec.space, spec.alternate, spec.zero,
                   spec.width, spec.precision, conversion};
    IntegerLayout layout;
    if (conversion == 'd' || conversion == 'i') {
      Number<std::intmax_t> n = parse_signed(text);
      warn(text, n.error);
      bool negative = n.value < 0;
      std::uintmax_t magnitude = negative ? 0 - static_cast<std::uintmax_t>(n.value)
                                          : static_cast<std::uintmax_t>(n.value);
      layout = format_integer(is, negative, magnitude);
    } else {
      Number<std::uintmax_t> n = parse_unsigned(text);
      warn(text, n.error);
      layout = format_integer(is, false, n.value);
    }
    pad(layout.spaces_before, ' ');
    out_.put(layout.prefix_text());
    pad(layout.zeros, '0');
    out_.put(layout.digits());
    pad(layout.spaces_after, ' ');
  }

  void floating(const Spec& spec, char conversion) {
    const std::string& text = next_argument();
    double value = 0;
    NumberError error = NumberError::None;
    if (!text.empty() && (text[0] == '\'' || text[0] == '"')) {
      value = text.size() > 1 ? static_cast<unsigned char>(text[1]) : 0;
    } else if (!text.empty()) {
      char* end = nullptr;
      errno = 0;
      value = std::strtod(text.c_str(), &end);
      if (end == text.c_str()) error = NumberError::NotNumeric;
      else if (*end != '\0') error = NumberError::Partial;
      else if (errno == ERANGE) error = NumberError::Range;
    }
    warn(text, error);
    // The C library builds the whole conversion in memory: keep it to a sane size.
    constexpr int kFloatLimit = 1 << 20;
    if (spec.width > kFloatLimit || spec.precision > kFloatLimit) {
      fail("floating point field too large");
      return;
    }
    char format[16];
    std::size_t k = 0;
    format[k++] = '%';
    if (spec.left) format[k++] = '-';
    if (spec.plus) format[k++] = '+';
    if (spec.space) format[k++] = ' ';
    if (spec.alternate) format[k++] = '#';
    if (spec.zero) format[k++] = '0';
    format[k++] = '*';
    format[k++] = '.';
    format[k++] = '*';
    format[k++] = conversion;
    format[k] = '\0';
    char buffer[128];
    int n = std::snprintf(buffer, sizeof buffer, format, spec.width, spec.precision, value);
    if (n < 0) {
      fail("conversion failed");
      return;
    }
    if (static_cast<std::size_t>(n) < sizeof buffer) {
      out_.put(std::string_view(buffer, static_cast<std::size_t>(n)));
      return;
    }
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), format, spec.width, spec.precision, value);
    big.pop_back();
    out_.put(big);
  }

  // One pass over the format.
  void pass(std::string_view f) {
    std::size_t i = 0, n = f.size();
    while (i < n && !stop_) {
      std::size_t j = f.find_first_of("%\\", i);
      if (j == std::string_view::npos) {
        out_.put(f.substr(i));
        return;
      }
      if (j > i) out_.put(f.substr(i, j - i));
      i = j + 1;
      if (f[j] == '\\') {
        i = format_escape(f, i);
        continue;
      }
      if (i < n && f[i] == '%') {
        out_.put('%');
        ++i;
        continue;
      }
      Spec spec;
      for (; i < n; ++i) {
        char c = f[i];
        if (c == '-') spec.left = true;
        else if (c == '+') spec.plus = true;
        else if (c == ' ') spec.space = true;
        else if (c == '#') spec.alternate = true;
        else if (c == '0') spec.zero = true;
        else break;
      }
      if (i < n && f[i] == '*') {
        ++i;
        spec.width = star_value();
        if (spec.width < 0) {
          spec.left = true;
          spec.width = -spec.width;
        }
      } else if (!read_count(f, i, spec.width)) {
        fail(directive_text(f, j) + ": field width too large");
        return;
      }
      if (i < n && f[i] == '.') {
        ++i;
        if (i < n && f[i] == '*') {
          ++i;
          spec.precision = star_value();
          if (spec.precision < 0) spec.precision = -1;
        } else if (!read_count(f, i, spec.precision)) {
          fail(directive_text(f, j) + ": precision too large");
          return;
        }
      }
      if (i >= n) {
        fail("missing format character");
        return;
      }
      char conversion = f[i++];
      switch (conversion) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
          integer(spec, conversion);
          break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
          floating(spec, conversion);
          break;
        case 's': {
          std::string_view s = next_argument();
          if (spec.precision >= 0 && static_cast<std::size_t>(spec.precision) < s.size()) {
            s = s.substr(0, static_cast<std::size_t>(spec.precision));
          }
          put_padded(s, spec);
          break;
        }
        case 'c': {
          const std::string& s = next_argument();
          char c = s.empty() ? '\0' : s[0];
          put_padded(std::string_view(&c, 1), spec);
          break;
        }
        case 'b': {
          bool more = expand_b(next_argument());
          std::string_view s = scratch_;
          if (spec.precision >= 0 && static_cast<std::size_t>(spec.precision) < s.size()) {
            s = s.substr(0, static_cast<std::size_t>(spec.precision));
          }
          put_padded(s, spec);
          if (!more) stop_ = true;
          break;
        }
        default:
          fail(std::string(f.substr(j, i - j)) + ": invalid directive");
          return;
      }
    }
  }

  Shell& shell_;
  Output& out_;
  std::span<const std::string> args_;
  std::size_t next_ = 0;
  int status_ = 0;
  bool stop_ = false;
  std::string scratch_;
};

}  // namespace

int printf_(Shell& shell, std::span<const std::string> argv) {
  std::size_t first = 1;
  if (first < argv.size() && argv[first] == "--") ++first;
  if (first >= argv.size()) {
    shell.error("printf: usage: printf format [argument...]");
    return 2;
  }
  Output out(shell, "printf");
  Printer printer(shell, out, argv.subspan(first + 1));
  int status = printer.run(argv[first]);
  return out.status(status);
}

}  // namespace spawnsh::builtins
