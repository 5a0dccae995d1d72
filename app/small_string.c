/* The embedded build's string functions (SPAWNSH_SMALL_STRING, cmake/Embedded.cmake).
 *
 * glibc's static library gives each string function as an IFUNC: a resolver that picks, at
 * start-up, one of up to eight versions tuned for a CPU generation (sse2, ssse3, sse4.2, avx2,
 * avx2 with RTM, evex, avx512 ...). A static link must carry every version, since the choice is
 * made at run time: 143,720 bytes of spawnsh's 1,142,552 in session 9. Defining the functions
 * here, in an object of the program, satisfies every reference (spawnsh's and glibc's own)
 * before libc.a is searched, so the linker never pulls the resolvers, nor the versions they
 * name.
 *
 * The functions are the plain ones: one byte at a time, but for memcpy and memset, whose
 * `rep movsb` / `rep stosb` is what recent x86-64 CPUs recommend for them anyway, and for memchr
 * and strlen, a word at a time. That costs some speed on long strings, which a shell seldom has
 * (bench/README.md measures it), and buys back an eighth of the binary. The 26 functions, under
 * 44 names (public ones and glibc's internal aliases), are those of libc.a's IFUNCs that the
 * link needs; when a new glibc needs another one, CTest embedded_no_ifunc says which.
 *
 * Rules for this file, since glibc calls it before it has set up thread-local storage and from
 * within its own locks: no errno, no TLS, no calls out of the file, no stack protector. It is
 * compiled -ffreestanding -fno-tree-loop-distribute-patterns (GCC must not turn a loop or a
 * call here into a call to the function being defined) and without link-time optimisation
 * (app/CMakeLists.txt); CTest embedded_no_ifunc checks that the object calls nothing outside
 * itself.
 *
 * tests/unit/test_small_string.cpp builds this file with SMALL_STRING_TEST_PREFIX defined, so
 * the functions get prefixed names that do not replace the C library's, and compares them with
 * glibc's. */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>

/* x86-64's glibc is the one with many versions per function (other architectures' IFUNC sets
 * differ), and this file uses its `rep movsb` and assumes a little-endian word (the first byte
 * in memory is the word's lowest): the embedded build turns SPAWNSH_SMALL_STRING on only there. */
#if !defined(__x86_64__)
#error "small_string.c is for x86-64 (SPAWNSH_SMALL_STRING=OFF elsewhere)"
#endif

#ifdef SMALL_STRING_TEST_PREFIX
#define FN(name) small_string_test_##name
#else
#define FN(name) name
#endif
#define QUOTE_(text) #text
#define QUOTE(text) QUOTE_(text)
/* A second name for the same code, e.g. glibc's internal __mempcpy for mempcpy. */
#define ALIAS_OF(name) __attribute__((alias(QUOTE(FN(name)))))

typedef unsigned char byte;

/* ---- memory ---- */

/* Byte by byte upwards, as the instruction defines it: right for memmove too when the
 * destination starts below the source. */
static void copy_upwards(void *to, const void *from, size_t n) {
  __asm__ volatile("rep movsb" : "+D"(to), "+S"(from), "+c"(n) : : "memory");
}

void *FN(memcpy)(void *restrict to, const void *restrict from, size_t n) {
  copy_upwards(to, from, n);
  return to;
}

void *FN(mempcpy)(void *restrict to, const void *restrict from, size_t n) {
  FN(memcpy)(to, from, n);
  return (byte *)to + n;
}
void *FN(__mempcpy)(void *restrict to, const void *restrict from, size_t n) ALIAS_OF(mempcpy);

void *FN(memmove)(void *to, const void *from, size_t n) {
  byte *t = to;
  const byte *f = from;
  /* A forward copy is right unless the destination starts inside the source. */
  if ((uintptr_t)t - (uintptr_t)f >= n) {
    copy_upwards(to, from, n);
  } else {
    while (n--) t[n] = f[n];
  }
  return to;
}
void *FN(__libc_memmove)(void *to, const void *from, size_t n) ALIAS_OF(memmove);

void *FN(memset)(void *to, int c, size_t n) {
  void *result = to;
  __asm__ volatile("rep stosb" : "+D"(to), "+c"(n) : "a"(c) : "memory");
  return result;
}

/* memchr and strlen are where a shell's string time goes (std::string's searches, the lexer,
 * the environment at start-up), so they look at 8 bytes at a time. zero_bytes is the classic
 * test: it is non-zero exactly when some byte of w is zero, and its lowest set bit is the high
 * bit of the first zero byte (a wrong bit can appear only above a real zero byte). The type
 * allows unaligned loads, which x86-64 does at full speed. */
typedef uint64_t __attribute__((may_alias, aligned(1))) word;
#define ONE_IN_EACH_BYTE ((uint64_t)0x0101010101010101u)
static uint64_t zero_bytes(uint64_t w) {
  return (w - ONE_IN_EACH_BYTE) & ~w & (ONE_IN_EACH_BYTE << 7);
}
static size_t first_marked_byte(uint64_t mask) { return (size_t)__builtin_ctzll(mask) / 8; }

/* The C standard lets n exceed the object when c is found in it (memchr reads "as if" byte by
 * byte, stopping at a match), so whole words are read only aligned: an aligned word never
 * crosses into the next page (the sanitizer may still object to the bytes after the match).
 * Most calls are std::string's find_first_of asking whether one character is in a set of a
 * few: below 16 bytes the bytes are simply looked at. */
__attribute__((no_sanitize("address"))) void *FN(memchr)(const void *s, int c, size_t n) {
  const byte *p = s;
  if (n >= 2 * sizeof(word)) {
    for (; (uintptr_t)p % sizeof(word); n--, p++)
      if (*p == (byte)c) return (void *)p;
    uint64_t repeated = ONE_IN_EACH_BYTE * (byte)c;
    for (; n >= sizeof(word); n -= sizeof(word), p += sizeof(word)) {
      uint64_t found = zero_bytes(*(const word *)p ^ repeated);
      if (found) return (void *)(p + first_marked_byte(found));
    }
  }
  for (; n; n--, p++)
    if (*p == (byte)c) return (void *)p;
  return NULL;
}

void *FN(__memchr)(const void *s, int c, size_t n) ALIAS_OF(memchr);

void *FN(rawmemchr)(const void *s, int c) {
  const byte *p = s;
  while (*p != (byte)c) p++;
  return (void *)p;
}
void *FN(__rawmemchr)(const void *s, int c) ALIAS_OF(rawmemchr);

void *FN(memrchr)(const void *s, int c, size_t n) {
  const byte *p = s;
  while (n--)
    if (p[n] == (byte)c) return (void *)(p + n);
  return NULL;
}
void *FN(__memrchr)(const void *s, int c, size_t n) ALIAS_OF(memrchr);

int FN(memcmp)(const void *a, const void *b, size_t n) {
  for (const byte *x = a, *y = b; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}
int FN(bcmp)(const void *a, const void *b, size_t n) ALIAS_OF(memcmp);

/* ---- strings ---- */

/* Reads whole words, so it may read up to 7 bytes past the terminator; never past the page the
 * terminator is on (a word that could cross into the next page is read byte by byte), so it
 * cannot fault, but an address sanitizer would object. Pages are multiples of 4096 bytes. */
__attribute__((no_sanitize("address"))) size_t FN(strlen)(const char *s) {
  const char *p = s;
  if ((uintptr_t)p % 4096 <= 4096 - sizeof(word)) {
    uint64_t found = zero_bytes(*(const word *)p);  // a short string ends in its first word
    if (found) return first_marked_byte(found);
    p = (const char *)(((uintptr_t)p | (sizeof(word) - 1)) + 1);  // on to the next whole word
  } else {
    for (; (uintptr_t)p % sizeof(word); p++)
      if (!*p) return (size_t)(p - s);
  }
  for (;; p += sizeof(word)) {  // aligned: a word never crosses a page
    uint64_t found = zero_bytes(*(const word *)p);
    if (found) return (size_t)(p - s) + first_marked_byte(found);
  }
}

size_t FN(strnlen)(const char *s, size_t limit) {
  size_t n = 0;
  while (n < limit && s[n]) n++;
  return n;
}
size_t FN(__strnlen)(const char *s, size_t limit) ALIAS_OF(strnlen);

char *FN(strchrnul)(const char *s, int c) {
  while (*s && *s != (char)c) s++;
  return (char *)s;
}
char *FN(__strchrnul)(const char *s, int c) ALIAS_OF(strchrnul);

char *FN(strchr)(const char *s, int c) {
  s = FN(strchrnul)(s, c);
  return *s == (char)c ? (char *)s : NULL;
}
char *FN(index)(const char *s, int c) ALIAS_OF(strchr);

char *FN(strrchr)(const char *s, int c) {
  const char *last = NULL;
  do
    if (*s == (char)c) last = s;
  while (*s++);
  return (char *)last;
}
char *FN(rindex)(const char *s, int c) ALIAS_OF(strrchr);

/* Comparisons are of unsigned bytes, as the C standard says. */
int FN(strcmp)(const char *a, const char *b) {
  const byte *x = (const byte *)a, *y = (const byte *)b;
  while (*x && *x == *y) x++, y++;
  return *x - *y;
}

int FN(strncmp)(const char *a, const char *b, size_t n) {
  for (const byte *x = (const byte *)a, *y = (const byte *)b; n; n--, x++, y++) {
    if (*x != *y) return *x - *y;
    if (!*x) break;
  }
  return 0;
}

/* The locale's own lower-case table, as glibc's versions use: it differs from ASCII's only in
 * single-byte locales (e.g. ISO-8859-1), and there it must. */
int FN(__strcasecmp_l)(const char *a, const char *b, locale_t locale) {
  const int32_t *lower = locale->__ctype_tolower;
  const byte *x = (const byte *)a, *y = (const byte *)b;
  for (;; x++, y++) {
    int difference = lower[*x] - lower[*y];
    if (difference || !*x) return difference;
  }
}
int FN(strcasecmp_l)(const char *a, const char *b, locale_t locale) ALIAS_OF(__strcasecmp_l);

int FN(__strncasecmp_l)(const char *a, const char *b, size_t n, locale_t locale) {
  const int32_t *lower = locale->__ctype_tolower;
  for (const byte *x = (const byte *)a, *y = (const byte *)b; n; n--, x++, y++) {
    int difference = lower[*x] - lower[*y];
    if (difference || !*x) return difference;
  }
  return 0;
}
int FN(strncasecmp_l)(const char *a, const char *b, size_t n, locale_t locale)
    ALIAS_OF(__strncasecmp_l);

char *FN(stpcpy)(char *restrict to, const char *restrict from) {
  while ((*to = *from)) to++, from++;
  return to;
}
char *FN(__stpcpy)(char *restrict to, const char *restrict from) ALIAS_OF(stpcpy);

char *FN(strcpy)(char *restrict to, const char *restrict from) {
  FN(stpcpy)(to, from);
  return to;
}

size_t FN(strspn)(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && FN(strchr)(accept, s[n])) n++;
  return n;
}

size_t FN(strcspn)(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !FN(strchr)(reject, s[n])) n++;
  return n;
}

/* Quadratic at worst (glibc's is linear); spawnsh does not call it, glibc does on short message
 * catalogue names. */
char *FN(strstr)(const char *haystack, const char *needle) {
  size_t length = FN(strlen)(needle);
  for (;; haystack++) {
    if (!FN(strncmp)(haystack, needle, length)) return (char *)haystack;
    if (!*haystack) return NULL;
  }
}
char *FN(__libc_strstr)(const char *haystack, const char *needle) ALIAS_OF(strstr);

/* ---- wide strings: glibc's wide printf and conversions use these ---- */

size_t FN(wcslen)(const wchar_t *s) {
  const wchar_t *end = s;
  while (*end) end++;
  return (size_t)(end - s);
}
size_t FN(__wcslen)(const wchar_t *s) ALIAS_OF(wcslen);

size_t FN(wcsnlen)(const wchar_t *s, size_t limit) {
  size_t n = 0;
  while (n < limit && s[n]) n++;
  return n;
}
size_t FN(__wcsnlen)(const wchar_t *s, size_t limit) ALIAS_OF(wcsnlen);

wchar_t *FN(wmemchr)(const wchar_t *s, wchar_t c, size_t n) {
  for (; n; n--, s++)
    if (*s == c) return (wchar_t *)s;
  return NULL;
}
wchar_t *FN(__wmemchr)(const wchar_t *s, wchar_t c, size_t n) ALIAS_OF(wmemchr);

wchar_t *FN(wmemset)(wchar_t *to, wchar_t c, size_t n) {
  for (size_t i = 0; i < n; i++) to[i] = c;
  return to;
}
wchar_t *FN(__wmemset)(wchar_t *to, wchar_t c, size_t n) ALIAS_OF(wmemset);
