// printf's pieces that are worth testing on their own: reading a numeric argument as a C
// constant (XCU printf, EXTENDED DESCRIPTION item 6) and writing an integer conversion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spawnsh::builtins::printf_detail {

enum class NumberError : unsigned char {
  None,
  NotNumeric,  // no digits at all ("abc", "-"): the value is 0
  Partial,     // digits followed by something else ("12abc"): the value of the digits
  Range,       // too large: the value is clamped to the type's limit
};

template <typename T>
struct Number {
  T value = 0;
  NumberError error = NumberError::None;
};

// Leading blanks, an optional sign, then a decimal, octal (0...) or hexadecimal (0x...) integer,
// as strtoimax/strtoumax with base 0 read it; or a leading ' or " and the value of the byte after
// it. The empty string is 0 without an error. The unsigned reading wraps a negative value
// ("-1" is UINTMAX_MAX), as strtoumax does.
Number<std::intmax_t> parse_signed(std::string_view text) noexcept;
Number<std::uintmax_t> parse_unsigned(std::string_view text) noexcept;

// The message for an error, after "printf: TEXT: " (empty for NumberError::None).
std::string_view number_error_message(NumberError error) noexcept;

struct IntegerSpec {
  bool left = false;   // -
  bool plus = false;   // +
  bool space = false;  // ' '
  bool alternate = false;  // #
  bool zero = false;   // 0
  int width = 0;
  int precision = -1;  // -1: none
  char conversion = 'd';  // d i o u x X
};

// How an integer conversion is laid out: spaces, sign or 0x prefix, zeros, digits, spaces.
// Padding is a count, not bytes, so a huge width costs nothing until it is written.
struct IntegerLayout {
  std::size_t spaces_before = 0;
  char prefix[2] = {};
  std::size_t prefix_length = 0;
  std::size_t zeros = 0;
  char digits_buffer[24] = {};  // 22 octal digits for 64 bits, written from the end
  std::size_t digits_start = sizeof digits_buffer;
  std::size_t spaces_after = 0;

  std::string_view prefix_text() const { return {prefix, prefix_length}; }
  std::string_view digits() const {
    return {digits_buffer + digits_start, sizeof digits_buffer - digits_start};
  }
  std::string to_string() const;
};

// `negative` and `magnitude` for d and i; the unsigned value in `magnitude` for o u x X.
IntegerLayout format_integer(const IntegerSpec& spec, bool negative, std::uintmax_t magnitude);

}  // namespace spawnsh::builtins::printf_detail
