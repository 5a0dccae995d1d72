// Shell pattern matching (POSIX XCU 2.13): `case`, `${x#p}` `${x##p}` `${x%p}` `${x%%p}`, and the
// building block of pathname expansion (pathname.h).
//
// Pattern text contract (what the expander passes in):
// - `*` matches any string, `?` any single byte, `[...]` a bracket expression.
// - A backslash makes the next byte literal. The expander must put a backslash before EVERY byte
//   that was quoted in the source (by '', "", or \), so that `"*"` arrives as `\*` and `"\"` as
//   `\\`. Nothing else is special: a lone trailing backslash matches a backslash.
// - Bracket expressions: `[abc]`, ranges `[a-z]`, negation with `!` as the first byte (a leading
//   `^` is unspecified by POSIX; bash and fnmatch negate with it, dash 0.5.12 takes it as a
//   member, and where POSIX is open we follow dash), `]` first is a member (`[]a]`, `[!]a]`), `-` first or
//   last is a member, the twelve classes `[:alnum:]` `[:alpha:]` `[:blank:]` `[:cntrl:]`
//   `[:digit:]` `[:graph:]` `[:lower:]` `[:print:]` `[:punct:]` `[:space:]` `[:upper:]`
//   `[:xdigit:]`, and the single-byte collating symbol `[.c.]` and equivalence class `[=c=]`
//   (dash lacks both; POSIX has them). A backslash-escaped byte inside brackets is a plain member
//   (`[\]]`, `[\!a]`, and `[a\-z]` is the three bytes a, -, z). A `[:name:]` with an unknown name
//   is not a class: its `[` is a plain member, as in dash.
// - A `[` that does not begin a complete bracket expression (no closing `]`) is a literal `[`.
// - A range whose end is below its start (`[z-a]`) matches nothing, as in dash and bash.
//
// Matching is byte-oriented in the C locale: `?` is one byte, ranges compare unsigned byte
// values, classes are the ASCII ones whatever the process locale says. Multibyte locales are
// not handled yet (dash is byte-oriented too).
//
// Complexity: a full match is O(pattern x subject) in the worst case (the usual "restart after the
// last `*`" backtracking), never exponential: `*a*a*a*a*a*b` against a long string is fine.
// Prefix and suffix lengths are found in one pass over the subject (a bit-parallel automaton for
// patterns of up to 63 elements), not by a full match per candidate length as dash does, so
// `${x#*/}` stays linear on a megabyte string. No function here allocates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace spawnsh::expand {

// Whole-string match, as `case` and pathname components need.
bool pattern_match(std::string_view pattern, std::string_view subject);

enum class MatchLength { shortest, longest };

// Length of the prefix of `subject` matched by `pattern`: `${x#p}` (shortest) and `${x##p}`
// (longest). nullopt when no prefix (not even the empty one) matches.
std::optional<std::size_t> match_prefix(std::string_view pattern, std::string_view subject,
                                        MatchLength which);

// Length of the suffix of `subject` matched by `pattern`: `${x%p}` (shortest) and `${x%%p}`
// (longest). nullopt when no suffix matches.
std::optional<std::size_t> match_suffix(std::string_view pattern, std::string_view subject,
                                        MatchLength which);

// True when the pattern contains an unescaped `*`, `?`, or a `[` that begins a complete bracket
// expression: a word without them needs no pathname expansion.
bool has_glob_characters(std::string_view pattern);

// The literal text a pattern without glob characters stands for: backslashes removed
// (`a\*b` -> `a*b`). Used for pathname components that need no directory reading.
std::string remove_pattern_escapes(std::string_view pattern);

} // namespace spawnsh::expand
