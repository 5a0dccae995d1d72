// Field splitting (POSIX XCU 2.6.5).
//
// Input: one word after tilde, parameter, command and arithmetic expansion, described as a list of
// segments, each saying where its bytes came from:
//   - literal:   the word's own unquoted text (`abc` in `abc$x`): never split, active for globbing
//   - quoted:    anything inside quotes or after a backslash, including quoted expansions ("$x"):
//                never split, literal for globbing. An EMPTY quoted segment still counts: `""`
//                and `"$empty"` make a field even when nothing else does (`$x""` with x="a "
//                gives "a" and "").
//   - expansion: the result of an UNQUOTED expansion: split at IFS bytes, active for globbing.
//                If a word consists only of empty unquoted expansions, it yields no field at all.
//   - field_break: a boundary between positional parameters in an unquoted `$@` or `$*`: it ends
//                the current field (if one is open) without making an empty field, so that each
//                parameter is split on its own as POSIX asks (`IFS=:; set -- a :b; set -- $@`
//                gives a, "", b as in bash; dash gives a, b). Its text is ignored.
//
// What the expander must do before calling split_fields():
//   - quoted "$@": produce one word per positional parameter (gluing the text before the `$@` to
//     the first one and the text after it to the last, as in `"x$@y"`), and NO word at all when
//     there are no parameters and the word is just "$@" (not even an empty quoted segment);
//   - quoted "$*": one quoted segment, parameters joined by the first byte of IFS (none if IFS is
//     set and empty, a space if IFS is unset);
//   - unquoted $@ and $*: one expansion segment per parameter, separated by field_break segments.
//
// Output: fields appended to a vector. Each Field keeps, per byte, whether it was quoted, so that
// pathname expansion can build its pattern (Field::glob_pattern) and quote removal is just
// Field::text.
//
// IFS rules (Ifs): unset IFS is <space><tab><newline>; empty IFS means no splitting. "IFS white
// space" is every byte of IFS in the C locale's space class (space, tab, newline, vertical tab,
// form feed, carriage return), as POSIX defines it (dash counts only space, tab and newline, so
// IFS=$'\v' differs there; bash agrees with POSIX). Splitting: leading and trailing IFS white space
// is ignored; a run of IFS white space delimits; a non-white IFS byte together with adjacent IFS
// white space delimits one field, so `a::b` gives a, "", b and `a:` gives just a.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spawnsh::expand {

// A parsed IFS value: a 256-entry table, built once per IFS value (the expander should cache it).
class Ifs {
public:
    // nullopt = IFS unset.
    explicit Ifs(std::optional<std::string_view> value);
    bool splits() const { return splits_; }
    bool is_delimiter(unsigned char byte) const { return kind_[byte] != not_ifs; }
    bool is_white(unsigned char byte) const { return kind_[byte] == white; }
    // The byte that joins "$*" (nullopt when IFS is set and empty).
    std::optional<char> join_character() const { return join_; }

private:
    enum Kind : std::uint8_t { not_ifs, white, other };
    Kind kind_[256] = {};
    bool splits_ = true;
    std::optional<char> join_;
};

enum class Origin : std::uint8_t { literal, quoted, expansion, field_break };

struct Segment {
    std::string_view text;
    Origin origin;
};

struct Field {
    std::string text;                  // the field's bytes, after quote removal
    std::vector<std::uint8_t> quoted;  // per byte, 1 = quoted; EMPTY when no byte is quoted
    bool has_unquoted_glob_byte = false; // an unquoted `*`, `?` or `[` (a cheap pre-check)

    bool is_quoted(std::size_t i) const { return !quoted.empty() && quoted[i] != 0; }
    // The pattern for pathname expansion (pattern.h contract): quoted bytes, and backslashes that
    // were quoted, are escaped with a backslash; unquoted bytes are copied as they are.
    std::string glob_pattern() const;
};

// Splits one word and appends its fields (zero or more) to `fields`.
void split_fields(std::span<const Segment> word, const Ifs& ifs, std::vector<Field>& fields);

} // namespace spawnsh::expand
