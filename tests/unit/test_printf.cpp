// printf's numeric arguments (C constants, character constants, errors) and integer layout.
#include <catch2/catch.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "builtins/printf.h"

using namespace spawnsh::builtins::printf_detail;

namespace {

std::string layout(IntegerSpec spec, std::intmax_t value) {
  bool negative = value < 0;
  std::uintmax_t magnitude =
      negative ? 0 - static_cast<std::uintmax_t>(value) : static_cast<std::uintmax_t>(value);
  if (spec.conversion != 'd' && spec.conversion != 'i') {
    return format_integer(spec, false, static_cast<std::uintmax_t>(value)).to_string();
  }
  return format_integer(spec, negative, magnitude).to_string();
}

}  // namespace

TEST_CASE("printf: decimal, octal and hexadecimal constants", "[printf]") {
  CHECK(parse_signed("42").value == 42);
  CHECK(parse_signed("-42").value == -42);
  CHECK(parse_signed("+42").value == 42);
  CHECK(parse_signed("010").value == 8);
  CHECK(parse_signed("0x1f").value == 31);
  CHECK(parse_signed("0X1F").value == 31);
  CHECK(parse_signed("-0x10").value == -16);
  CHECK(parse_signed("0").value == 0);
  CHECK(parse_signed("  \t7").value == 7);
  CHECK(parse_signed("42").error == NumberError::None);
}

TEST_CASE("printf: character constants", "[printf]") {
  CHECK(parse_signed("'a").value == 97);
  CHECK(parse_signed("\"b").value == 98);
  CHECK(parse_signed("'").value == 0);
  CHECK(parse_signed("'abc").value == 97);
  CHECK(parse_signed("'abc").error == NumberError::None);
  CHECK(parse_signed("'\xe9").value == 0xe9);
  CHECK(parse_unsigned("'\xff").value == 0xff);
}

TEST_CASE("printf: errors and the values that go with them", "[printf]") {
  CHECK(parse_signed("").error == NumberError::None);
  CHECK(parse_signed("").value == 0);
  auto n = parse_signed("abc");
  CHECK(n.error == NumberError::NotNumeric);
  CHECK(n.value == 0);
  CHECK(parse_signed("-").error == NumberError::NotNumeric);
  CHECK(parse_signed("  ").error == NumberError::NotNumeric);
  n = parse_signed("12abc");
  CHECK(n.error == NumberError::Partial);
  CHECK(n.value == 12);
  CHECK(parse_signed("12 ").error == NumberError::Partial);
  n = parse_signed("08");
  CHECK(n.error == NumberError::Partial);
  CHECK(n.value == 0);
  n = parse_signed("0x");
  CHECK(n.error == NumberError::Partial);
  CHECK(n.value == 0);
  n = parse_signed("0xg");
  CHECK(n.error == NumberError::Partial);
  CHECK(n.value == 0);
}

TEST_CASE("printf: the limits of intmax_t and uintmax_t", "[printf]") {
  CHECK(parse_signed("9223372036854775807").value == INTMAX_MAX);
  CHECK(parse_signed("9223372036854775807").error == NumberError::None);
  CHECK(parse_signed("-9223372036854775808").value == INTMAX_MIN);
  CHECK(parse_signed("-9223372036854775808").error == NumberError::None);
  auto n = parse_signed("9223372036854775808");
  CHECK(n.error == NumberError::Range);
  CHECK(n.value == INTMAX_MAX);
  n = parse_signed("-9223372036854775809");
  CHECK(n.error == NumberError::Range);
  CHECK(n.value == INTMAX_MIN);
  n = parse_signed("99999999999999999999999999");
  CHECK(n.error == NumberError::Range);
  CHECK(n.value == INTMAX_MAX);
  CHECK(parse_signed("0x7fffffffffffffff").value == INTMAX_MAX);
  CHECK(parse_signed("0x8000000000000000").error == NumberError::Range);
  CHECK(parse_signed("0777777777777777777777").value == INTMAX_MAX);

  CHECK(parse_unsigned("18446744073709551615").value == UINTMAX_MAX);
  CHECK(parse_unsigned("18446744073709551615").error == NumberError::None);
  auto u = parse_unsigned("18446744073709551616");
  CHECK(u.error == NumberError::Range);
  CHECK(u.value == UINTMAX_MAX);
  CHECK(parse_unsigned("-1").value == UINTMAX_MAX);
  CHECK(parse_unsigned("-1").error == NumberError::None);
  CHECK(parse_unsigned("0xffffffffffffffff").value == UINTMAX_MAX);
  // a range error wins over nothing, a partial conversion wins over a range error
  CHECK(parse_unsigned("99999999999999999999x").error == NumberError::Partial);
}

TEST_CASE("printf: parsing agrees with strtoimax/strtoumax on many inputs", "[printf]") {
  const char* inputs[] = {"0",   "1",    "-1",   "+1",     "007",   "0x0",    "0xA",
                          "  5", "\t-9", "10x",  "0x1g",   "789",   "-0",     "0001",
                          "1e3", "0b1",  "- 1",  "+-1",    "077777", "0xFFFF", "123456789012"};
  for (const char* text : inputs) {
    INFO(text);
    char* end = nullptr;
    std::intmax_t expected = std::strtoimax(text, &end, 0);
    CHECK(parse_signed(text).value == expected);
    bool clean = *end == '\0' && end != text;
    CHECK((parse_signed(text).error == NumberError::None) == clean);
    std::uintmax_t expected_u = std::strtoumax(text, &end, 0);
    CHECK(parse_unsigned(text).value == expected_u);
  }
}

TEST_CASE("printf: integer layout matches the C library", "[printf]") {
  struct Row {
    const char* c_format;
    IntegerSpec spec;
    std::intmax_t value;
  };
  IntegerSpec d;
  auto with = [](IntegerSpec s, auto change) {
    change(s);
    return s;
  };
  Row rows[] = {
      {"%jd", d, 0},
      {"%jd", d, -42},
      {"%5jd", with(d, [](auto& s) { s.width = 5; }), 42},
      {"%-5jd", with(d, [](auto& s) { s.width = 5; s.left = true; }), 42},
      {"%05jd", with(d, [](auto& s) { s.width = 5; s.zero = true; }), -42},
      {"%+jd", with(d, [](auto& s) { s.plus = true; }), 3},
      {"% jd", with(d, [](auto& s) { s.space = true; }), 3},
      {"%.3jd", with(d, [](auto& s) { s.precision = 3; }), -7},
      {"%.0jd", with(d, [](auto& s) { s.precision = 0; }), 0},
      {"%8.3jd", with(d, [](auto& s) { s.precision = 3; s.width = 8; s.zero = true; }), 5},
      {"%#jo", with(d, [](auto& s) { s.alternate = true; s.conversion = 'o'; }), 8},
      {"%#jo", with(d, [](auto& s) { s.alternate = true; s.conversion = 'o'; }), 0},
      {"%#.0jo", with(d, [](auto& s) { s.alternate = true; s.conversion = 'o'; s.precision = 0; }), 0},
      {"%#jx", with(d, [](auto& s) { s.alternate = true; s.conversion = 'x'; }), 255},
      {"%#jx", with(d, [](auto& s) { s.alternate = true; s.conversion = 'x'; }), 0},
      {"%#08jX", with(d, [](auto& s) { s.alternate = true; s.conversion = 'X'; s.width = 8; s.zero = true; }), 255},
      {"%ju", with(d, [](auto& s) { s.conversion = 'u'; }), -1},
      {"%jx", with(d, [](auto& s) { s.conversion = 'x'; }), INTMAX_MIN},
      {"%jd", d, INTMAX_MIN},
      {"%jd", d, INTMAX_MAX},
  };
  for (const Row& row : rows) {
    char expected[128];
    if (row.spec.conversion == 'd' || row.spec.conversion == 'i') {
      std::snprintf(expected, sizeof expected, row.c_format, row.value);
    } else {
      std::snprintf(expected, sizeof expected, row.c_format, static_cast<std::uintmax_t>(row.value));
    }
    INFO(row.c_format << " " << row.value);
    CHECK(layout(row.spec, row.value) == expected);
  }
}
