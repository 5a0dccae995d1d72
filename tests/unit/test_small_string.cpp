// The embedded build's own string functions (app/small_string.c) against glibc's. The file is
// compiled here with SMALL_STRING_TEST_PREFIX, which gives every function a prefixed name, so
// both versions live in one program and each case calls both on the same bytes.
#include <catch2/catch.hpp>

#include <clocale>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cwchar>
#include <locale.h>
#include <random>
#include <sys/mman.h>
#include <unistd.h>
#include <string>
#include <vector>

extern "C" {
void* small_string_test_memcpy(void*, const void*, std::size_t);
void* small_string_test_mempcpy(void*, const void*, std::size_t);
void* small_string_test___mempcpy(void*, const void*, std::size_t);
void* small_string_test_memmove(void*, const void*, std::size_t);
void* small_string_test_memset(void*, int, std::size_t);
void* small_string_test_memchr(const void*, int, std::size_t);
void* small_string_test_rawmemchr(const void*, int);
void* small_string_test_memrchr(const void*, int, std::size_t);
int small_string_test_memcmp(const void*, const void*, std::size_t);
int small_string_test_bcmp(const void*, const void*, std::size_t);
std::size_t small_string_test_strlen(const char*);
std::size_t small_string_test_strnlen(const char*, std::size_t);
char* small_string_test_strchr(const char*, int);
char* small_string_test_strchrnul(const char*, int);
char* small_string_test_strrchr(const char*, int);
int small_string_test_strcmp(const char*, const char*);
int small_string_test_strncmp(const char*, const char*, std::size_t);
int small_string_test_strcasecmp_l(const char*, const char*, locale_t);
int small_string_test_strncasecmp_l(const char*, const char*, std::size_t, locale_t);
char* small_string_test_stpcpy(char*, const char*);
char* small_string_test_strcpy(char*, const char*);
std::size_t small_string_test_strspn(const char*, const char*);
std::size_t small_string_test_strcspn(const char*, const char*);
char* small_string_test_strstr(const char*, const char*);
std::size_t small_string_test_wcslen(const wchar_t*);
std::size_t small_string_test_wcsnlen(const wchar_t*, std::size_t);
wchar_t* small_string_test_wmemchr(const wchar_t*, wchar_t, std::size_t);
wchar_t* small_string_test_wmemset(wchar_t*, wchar_t, std::size_t);
}

namespace {

int sign(int value) { return (value > 0) - (value < 0); }

// Random text over a small alphabet, so that searches and comparisons hit often; it has bytes
// above 0x7f (a signed char would compare them wrongly) and upper and lower case letters.
class Bytes {
 public:
  explicit Bytes(unsigned seed) : random_(seed) {}
  std::string text(std::size_t length) {
    static const char alphabet[] = {'a', 'b', 'A', 'B', '\x80', '\xff', '/', 'z'};
    std::string out(length, ' ');
    for (char& c : out) c = alphabet[random_() % sizeof alphabet];
    return out;
  }
  std::size_t below(std::size_t n) { return n ? random_() % n : 0; }
  char pick(const std::string& from) { return from.empty() ? 'a' : from[below(from.size())]; }

 private:
  std::mt19937 random_;
};

constexpr int kRounds = 4000;

}  // namespace

TEST_CASE("small_string: copies and fills agree with glibc, overlapping moves included", "[small_string]") {
  Bytes bytes(1);
  for (int round = 0; round < kRounds; ++round) {
    std::size_t length = bytes.below(300);
    std::string source = bytes.text(length + 64);
    std::size_t from = bytes.below(32), to = bytes.below(32);
    std::string mine = source, theirs = source;
    // memmove inside one buffer: either direction of overlap, or none.
    REQUIRE(small_string_test_memmove(mine.data() + to, mine.data() + from, length) == mine.data() + to);
    std::memmove(theirs.data() + to, theirs.data() + from, length);
    REQUIRE(mine == theirs);

    std::string a(length, '\0'), b(length, '\0');
    REQUIRE(small_string_test_memcpy(a.data(), source.data() + from, length) == a.data());
    std::memcpy(b.data(), source.data() + from, length);
    REQUIRE(a == b);
    REQUIRE(small_string_test_mempcpy(a.data(), source.data(), length) == a.data() + length);
    REQUIRE(small_string_test___mempcpy(b.data(), source.data(), length) == b.data() + length);
    REQUIRE(a == source.substr(0, length));
    REQUIRE(b == a);

    int fill = static_cast<unsigned char>(bytes.pick(source)) | (round % 2 ? 0x100 : 0);
    REQUIRE(small_string_test_memset(a.data(), fill, length) == a.data());
    std::memset(b.data(), fill, length);
    REQUIRE(a == b);
  }
}

TEST_CASE("small_string: searches agree with glibc", "[small_string]") {
  Bytes bytes(2);
  for (int round = 0; round < kRounds; ++round) {
    std::string text = bytes.text(bytes.below(200));
    const char* s = text.c_str();
    std::size_t n = bytes.below(text.size() + 1);
    int c = round % 5 == 0 ? 'q' : static_cast<unsigned char>(bytes.pick(text));  // 'q' is never there
    REQUIRE(small_string_test_memchr(s, c, n) == std::memchr(s, c, n));
    REQUIRE(small_string_test_memrchr(s, c, n) == ::memrchr(s, c, n));
    REQUIRE(small_string_test_strchr(s, c) == std::strchr(s, c));
    REQUIRE(small_string_test_strrchr(s, c) == std::strrchr(s, c));
    REQUIRE(small_string_test_strchrnul(s, c) == ::strchrnul(s, c));
    REQUIRE(small_string_test_strchr(s, 0) == s + text.size());
    REQUIRE(small_string_test_strrchr(s, 0) == s + text.size());
    if (std::memchr(s, c, text.size() + 1))
      REQUIRE(small_string_test_rawmemchr(s, c) == ::rawmemchr(s, c));
    REQUIRE(small_string_test_strlen(s) == text.size());
    REQUIRE(small_string_test_strnlen(s, n) == ::strnlen(s, n));
    REQUIRE(small_string_test_strnlen(s, text.size() + 5) == text.size());

    std::string set = bytes.text(bytes.below(4));
    REQUIRE(small_string_test_strspn(s, set.c_str()) == std::strspn(s, set.c_str()));
    REQUIRE(small_string_test_strcspn(s, set.c_str()) == std::strcspn(s, set.c_str()));
    std::size_t start = bytes.below(text.size() + 1);
    std::string needle = round % 7 == 0 ? bytes.text(3) : text.substr(start, bytes.below(5));
    REQUIRE(small_string_test_strstr(s, needle.c_str()) == std::strstr(s, needle.c_str()));
  }
}

TEST_CASE("small_string: the word-at-a-time strlen and memchr at every alignment and length", "[small_string]") {
  alignas(16) char buffer[64];
  for (std::size_t start = 0; start < 16; ++start) {
    for (std::size_t length = 0; start + length < 40; ++length) {
      std::memset(buffer, 'a', sizeof buffer);
      buffer[start + length] = '\0';
      buffer[start + length + 3] = '\0';  // a second terminator in the same word: the first counts
      CAPTURE(start, length);
      REQUIRE(small_string_test_strlen(buffer + start) == length);
      for (std::size_t limit = 0; limit <= length + 1; ++limit) {
        CAPTURE(limit);
        // The byte is found at the first place it is, never at or past the limit.
        buffer[start + length] = 'b';
        void* expected = limit > length ? buffer + start + length : nullptr;
        REQUIRE(small_string_test_memchr(buffer + start, 'b', limit) == expected);
        REQUIRE(small_string_test_memchr(buffer + start, 'b' | 0x100, limit) == expected);
        buffer[start + length] = '\0';
        REQUIRE(small_string_test_memchr(buffer + start, 'c', limit) == nullptr);
      }
    }
  }
}

TEST_CASE("small_string: strlen and memchr read nothing past the page a string ends on", "[small_string]") {
  // Two pages, the second unreadable: a read past the end of the first faults.
  long page = sysconf(_SC_PAGESIZE);
  void* mapped = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mapped != MAP_FAILED);
  REQUIRE(mprotect(static_cast<char*>(mapped) + page, page, PROT_NONE) == 0);
  char* end = static_cast<char*>(mapped) + page;  // the first byte that cannot be read
  std::memset(mapped, 'a', page);
  end[-1] = '\0';
  for (std::size_t length = 0; length < 24; ++length) {
    CAPTURE(length);
    REQUIRE(small_string_test_strlen(end - 1 - length) == length);
    REQUIRE(small_string_test_memchr(end - length, 'z', length) == nullptr);
    if (length > 0) REQUIRE(small_string_test_memchr(end - length, '\0', length) == end - 1);
    // A length beyond the object is allowed when the byte is found in it: memchr reads as if
    // byte by byte, stopping at the match.
    if (length > 0) {
      REQUIRE(small_string_test_memchr(end - length, '\0', length + 100) == end - 1);
      REQUIRE(small_string_test_memchr(end - length, '\0', SIZE_MAX) == end - 1);
    }
  }
  munmap(mapped, 2 * page);
}

TEST_CASE("small_string: comparisons agree with glibc in sign, bytes above 0x7f included", "[small_string]") {
  Bytes bytes(3);
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", nullptr);
  REQUIRE(c_locale != nullptr);
  for (int round = 0; round < kRounds; ++round) {
    std::string a = bytes.text(bytes.below(12));
    std::string b = round % 3 == 0 ? a : bytes.text(bytes.below(12));
    if (round % 4 == 1 && !a.empty()) b = a.substr(0, bytes.below(a.size()));  // a prefix
    std::size_t n = bytes.below(14);
    std::size_t common = std::min(a.size(), b.size()) + 1;  // the terminator compares too
    REQUIRE(sign(small_string_test_memcmp(a.c_str(), b.c_str(), common)) ==
            sign(std::memcmp(a.c_str(), b.c_str(), common)));
    REQUIRE((small_string_test_bcmp(a.c_str(), b.c_str(), common) == 0) ==
            (std::memcmp(a.c_str(), b.c_str(), common) == 0));
    REQUIRE(sign(small_string_test_strcmp(a.c_str(), b.c_str())) == sign(std::strcmp(a.c_str(), b.c_str())));
    REQUIRE(sign(small_string_test_strncmp(a.c_str(), b.c_str(), n)) ==
            sign(std::strncmp(a.c_str(), b.c_str(), n)));
    REQUIRE(sign(small_string_test_strcasecmp_l(a.c_str(), b.c_str(), c_locale)) ==
            sign(::strcasecmp_l(a.c_str(), b.c_str(), c_locale)));
    REQUIRE(sign(small_string_test_strncasecmp_l(a.c_str(), b.c_str(), n, c_locale)) ==
            sign(::strncasecmp_l(a.c_str(), b.c_str(), n, c_locale)));
  }
  // Case is folded, and only case.
  REQUIRE(small_string_test_strcasecmp_l("Inf", "iNF", c_locale) == 0);
  REQUIRE(small_string_test_strncasecmp_l("NaN(", "nan)", 3, c_locale) == 0);
  REQUIRE(small_string_test_strncasecmp_l("NaN(", "nan)", 4, c_locale) != 0);
  REQUIRE(small_string_test_strcasecmp_l("a[", "A{", c_locale) != 0);
  freelocale(c_locale);
}

TEST_CASE("small_string: copies of strings return what glibc's return", "[small_string]") {
  Bytes bytes(4);
  for (int round = 0; round < 500; ++round) {
    std::string text = bytes.text(bytes.below(100));
    std::vector<char> mine(text.size() + 8, 'x'), theirs(text.size() + 8, 'x');
    REQUIRE(small_string_test_stpcpy(mine.data(), text.c_str()) == mine.data() + text.size());
    REQUIRE(small_string_test_strcpy(theirs.data(), text.c_str()) == theirs.data());
    REQUIRE(mine == theirs);
    REQUIRE(std::string(mine.data()) == text);
    REQUIRE(mine[text.size() + 1] == 'x');  // nothing written past the terminator
  }
}

TEST_CASE("small_string: wide-character functions agree with glibc", "[small_string]") {
  Bytes bytes(5);
  for (int round = 0; round < 500; ++round) {
    std::string narrow = bytes.text(bytes.below(40));
    std::wstring text(narrow.begin(), narrow.end());
    std::size_t n = bytes.below(text.size() + 2);
    REQUIRE(small_string_test_wcslen(text.c_str()) == text.size());
    REQUIRE(small_string_test_wcsnlen(text.c_str(), n) == std::min(n, text.size()));
    wchar_t c = static_cast<wchar_t>(bytes.pick(narrow));
    std::size_t within = std::min(n, text.size());
    REQUIRE(small_string_test_wmemchr(text.c_str(), c, within) == std::wmemchr(text.c_str(), c, within));
    std::wstring mine = text, theirs = text;
    REQUIRE(small_string_test_wmemset(mine.data(), L'\x2603', within) == mine.data());
    std::wmemset(theirs.data(), L'\x2603', within);
    REQUIRE(mine == theirs);
  }
}
