// Shell pattern matching (see pattern.h for the pattern contract).
#include "shell/expand/pattern.h"

#include <algorithm>
#include <cstdint>

namespace spawnsh::expand {

namespace {

constexpr std::size_t npos = std::string_view::npos;

enum class CharClass { none, alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space,
                       upper, xdigit };

CharClass class_named(std::string_view name) {
    struct Entry {
        std::string_view name;
        CharClass value;
    };
    static constexpr Entry table[] = {
        {"alnum", CharClass::alnum}, {"alpha", CharClass::alpha}, {"blank", CharClass::blank},
        {"cntrl", CharClass::cntrl}, {"digit", CharClass::digit}, {"graph", CharClass::graph},
        {"lower", CharClass::lower}, {"print", CharClass::print}, {"punct", CharClass::punct},
        {"space", CharClass::space}, {"upper", CharClass::upper}, {"xdigit", CharClass::xdigit},
    };
    for (const Entry& entry : table)
        if (entry.name == name) return entry.value;
    return CharClass::none;
}

// The C locale's classes, spelled out so that the process locale cannot change them.
bool in_class(CharClass cls, unsigned char c) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    const bool graph = c >= 0x21 && c <= 0x7e;
    switch (cls) {
    case CharClass::alnum: return lower || upper || digit;
    case CharClass::alpha: return lower || upper;
    case CharClass::blank: return c == ' ' || c == '\t';
    case CharClass::cntrl: return c < 0x20 || c == 0x7f;
    case CharClass::digit: return digit;
    case CharClass::graph: return graph;
    case CharClass::lower: return lower;
    case CharClass::print: return graph || c == ' ';
    case CharClass::punct: return graph && !(lower || upper || digit);
    case CharClass::space: return c == ' ' || (c >= '\t' && c <= '\r');
    case CharClass::upper: return upper;
    case CharClass::xdigit: return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    case CharClass::none: return false;
    }
    return false;
}

// `[.c.]` or `[=c=]` at `at` (which points at the '['): the single byte it names, and where it
// ends. Only single-byte names exist in the C locale (a backslash-escaped byte counts as one).
bool read_collating_element(std::string_view pattern, std::size_t at, unsigned char& value,
                            std::size_t& next) {
    if (at + 1 >= pattern.size()) return false;
    const char delimiter = pattern[at + 1];
    if (delimiter != '.' && delimiter != '=') return false;
    const char closing[] = {delimiter, ']'};
    std::size_t close = pattern.find(std::string_view(closing, 2), at + 2);
    if (close == npos) return false;
    std::string_view name = pattern.substr(at + 2, close - (at + 2));
    if (name.size() == 1) value = static_cast<unsigned char>(name[0]);
    else if (name.size() == 2 && name[0] == '\\') value = static_cast<unsigned char>(name[1]);
    else return false;
    next = close + 2;
    return true;
}

// One range endpoint or single member at `at`: an escaped byte, a collating element or a byte.
unsigned char read_member(std::string_view pattern, std::size_t at, std::size_t& next) {
    unsigned char value = 0;
    if (pattern[at] == '[' && read_collating_element(pattern, at, value, next)) return value;
    if (pattern[at] == '\\' && at + 1 < pattern.size()) {
        next = at + 2;
        return static_cast<unsigned char>(pattern[at + 1]);
    }
    next = at + 1;
    return static_cast<unsigned char>(pattern[at]);
}

// Reads the bracket expression whose '[' is at `start`. Returns the index just past its closing
// ']', or npos when there is none (then the '[' is an ordinary byte). `matched` says whether
// `byte` is in the set.
std::size_t scan_bracket(std::string_view pattern, std::size_t start, unsigned char byte,
                         bool& matched) {
    const std::size_t size = pattern.size();
    std::size_t i = start + 1;
    bool negated = false;
    if (i < size && pattern[i] == '!') {  // only '!': a leading '^' is a member, as in dash
        negated = true;
        ++i;
    }
    bool found = false;
    bool first = true;
    for (;;) {
        if (i >= size) return npos;
        if (pattern[i] == ']' && !first) break;
        first = false;
        if (pattern[i] == '[' && i + 1 < size && pattern[i + 1] == ':') {
            std::size_t close = pattern.find(":]", i + 2);
            if (close != npos) {
                CharClass cls = class_named(pattern.substr(i + 2, close - (i + 2)));
                if (cls != CharClass::none) {
                    found = found || in_class(cls, byte);
                    i = close + 2;
                    continue;
                }
            }
            // Unknown class name: the '[' is a plain member (dash does the same).
        }
        std::size_t next = i;
        const unsigned char low = read_member(pattern, i, next);
        i = next;
        if (i + 1 < size && pattern[i] == '-' && pattern[i + 1] != ']') {
            const unsigned char high = read_member(pattern, i + 1, next);
            i = next;
            found = found || (byte >= low && byte <= high);
        } else {
            found = found || byte == low;
        }
    }
    matched = found != negated;
    return i + 1;
}

// A pattern without `*` matches strings of exactly one length: its number of elements.
std::optional<std::size_t> fixed_length(std::string_view pattern) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < pattern.size(); ++length) {
        const char c = pattern[i];
        if (c == '*') return std::nullopt;
        if (c == '\\' && i + 1 < pattern.size()) {
            i += 2;
        } else if (c == '[') {
            bool unused = false;
            std::size_t end = scan_bracket(pattern, i, 0, unused);
            i = end == npos ? i + 1 : end;
        } else {
            ++i;
        }
    }
    return length;
}

// Prefix and suffix removal ask "which lengths of prefix (suffix) match?". Trying every length
// with a full match is quadratic in the subject (what dash and bash do); instead the pattern is
// run as a small NFA over the subject once, forwards for a prefix and backwards (with the
// elements reversed) for a suffix: O(subject x pattern elements), every matching length seen
// along the way. States are bits of a 64-bit word, so patterns of up to 63 elements qualify.
// For short subjects trying each length is cheaper than setting the automaton up.
constexpr std::size_t short_subject = 24;

class PatternAutomaton {
public:
    explicit PatternAutomaton(std::string_view pattern) : pattern_(pattern) {}

    // False when the pattern has too many elements.
    bool compile() {
        const std::string_view pattern = pattern_;
        for (std::size_t i = 0; i < pattern.size();) {
            if (count_ == max_elements) return false;
            Element& element = elements_[count_];
            const char c = pattern[i];
            if (c == '*') {
                while (i < pattern.size() && pattern[i] == '*') ++i;
                element.kind = Element::star;
            } else if (c == '?') {
                element.kind = Element::any;
                ++i;
            } else if (c == '\\' && i + 1 < pattern.size()) {
                element.kind = Element::literal;
                element.byte = static_cast<unsigned char>(pattern[i + 1]);
                i += 2;
            } else {
                bool unused = false;
                std::size_t end = c == '[' ? scan_bracket(pattern, i, 0, unused) : npos;
                if (end != npos) {
                    element.kind = Element::bracket;
                    element.bracket_at = static_cast<std::uint32_t>(i);
                    i = end;
                } else {
                    element.kind = Element::literal;
                    element.byte = static_cast<unsigned char>(c);
                    ++i;
                }
            }
            ++count_;
        }
        return true;
    }

    // The shortest or longest matching prefix (or, `from_end`, suffix) length of `subject`.
    // Call once per compile(): a suffix scan reverses the elements in place.
    std::optional<std::size_t> scan(std::string_view subject, MatchLength which, bool from_end) {
        if (from_end) std::reverse(elements_, elements_ + count_);
        std::uint64_t star_mask = 0;
        for (std::size_t i = 0; i < count_; ++i)
            if (elements_[i].kind == Element::star) star_mask |= std::uint64_t{1} << i;
        const std::uint64_t accept = std::uint64_t{1} << count_;
        std::uint64_t states = close_over_stars(1, star_mask);
        std::optional<std::size_t> found;
        if (states & accept) {
            if (which == MatchLength::shortest) return 0;
            found = 0;
        }
        const std::size_t size = subject.size();
        for (std::size_t length = 1; length <= size && states != 0; ++length) {
            const auto byte = static_cast<unsigned char>(from_end ? subject[size - length]
                                                                  : subject[length - 1]);
            std::uint64_t next = states & star_mask; // a star absorbs the byte
            for (std::uint64_t pending = states & ~star_mask & (accept - 1); pending != 0;
                 pending &= pending - 1) {
                const int i = __builtin_ctzll(pending);
                if (element_matches(elements_[i], byte)) next |= std::uint64_t{2} << i;
            }
            states = close_over_stars(next, star_mask);
            if (states & accept) {
                if (which == MatchLength::shortest) return length;
                found = length;
            }
        }
        return found;
    }

private:
    // Left uninitialised on purpose: compile() writes each element it uses.
    struct Element {
        enum Kind : std::uint8_t { literal, any, bracket, star } kind;
        unsigned char byte;
        std::uint32_t bracket_at; // index of the '[' in the pattern
    };
    static constexpr std::size_t max_elements = 63;

    // A star can match nothing: being before it is being after it too.
    static std::uint64_t close_over_stars(std::uint64_t states, std::uint64_t star_mask) {
        for (std::uint64_t stars = star_mask; stars != 0; stars &= stars - 1) {
            const int i = __builtin_ctzll(stars);
            if (states & (std::uint64_t{1} << i)) states |= std::uint64_t{2} << i;
        }
        return states;
    }

    bool element_matches(const Element& element, unsigned char byte) const {
        switch (element.kind) {
        case Element::literal: return element.byte == byte;
        case Element::any: return true;
        case Element::bracket: {
            bool matched = false;
            scan_bracket(pattern_, element.bracket_at, byte, matched);
            return matched;
        }
        case Element::star: return true;
        }
        return false;
    }

    std::string_view pattern_;
    Element elements_[max_elements]; // NOLINT: uninitialised until compile()
    std::size_t count_ = 0;
};

} // namespace

bool pattern_match(std::string_view pattern, std::string_view subject) {
    const std::size_t pattern_size = pattern.size();
    const std::size_t subject_size = subject.size();
    std::size_t p = 0, s = 0;
    // Where to resume after the most recent `*`: only the last star ever needs to give back
    // bytes, because a later star can absorb anything an earlier one could.
    std::size_t star_pattern = npos, star_subject = 0;
    while (s < subject_size) {
        if (p < pattern_size) {
            const char c = pattern[p];
            if (c == '*') {
                while (p < pattern_size && pattern[p] == '*') ++p;
                if (p == pattern_size) return true; // a trailing star takes the rest
                star_pattern = p;
                star_subject = s;
                continue;
            }
            const unsigned char byte = static_cast<unsigned char>(subject[s]);
            if (c == '?') {
                ++p;
                ++s;
                continue;
            }
            if (c == '[') {
                bool matched = false;
                std::size_t end = scan_bracket(pattern, p, byte, matched);
                if (end != npos) {
                    if (matched) {
                        p = end;
                        ++s;
                        continue;
                    }
                    goto mismatch;
                }
                // No closing ']': a literal '['.
            }
            {
                std::size_t width = 1;
                char literal = c;
                if (c == '\\' && p + 1 < pattern_size) {
                    literal = pattern[p + 1];
                    width = 2;
                }
                if (static_cast<unsigned char>(literal) == byte) {
                    p += width;
                    ++s;
                    continue;
                }
            }
        }
    mismatch:
        if (star_pattern == npos) return false;
        p = star_pattern;
        s = ++star_subject;
    }
    while (p < pattern_size && pattern[p] == '*') ++p;
    return p == pattern_size;
}

std::optional<std::size_t> match_prefix(std::string_view pattern, std::string_view subject,
                                        MatchLength which) {
    if (std::optional<std::size_t> only = fixed_length(pattern)) {
        if (*only > subject.size() || !pattern_match(pattern, subject.substr(0, *only)))
            return std::nullopt;
        return only;
    }
    if (subject.size() > short_subject) {
        PatternAutomaton automaton(pattern);
        if (automaton.compile()) return automaton.scan(subject, which, false);
    }
    // Short subjects, or very long patterns: try each length (quadratic, like dash and bash).
    if (which == MatchLength::shortest) {
        for (std::size_t length = 0; length <= subject.size(); ++length)
            if (pattern_match(pattern, subject.substr(0, length))) return length;
    } else {
        for (std::size_t length = subject.size() + 1; length-- > 0;)
            if (pattern_match(pattern, subject.substr(0, length))) return length;
    }
    return std::nullopt;
}

std::optional<std::size_t> match_suffix(std::string_view pattern, std::string_view subject,
                                        MatchLength which) {
    const std::size_t size = subject.size();
    if (std::optional<std::size_t> only = fixed_length(pattern)) {
        if (*only > size || !pattern_match(pattern, subject.substr(size - *only)))
            return std::nullopt;
        return only;
    }
    if (size > short_subject) {
        PatternAutomaton automaton(pattern);
        if (automaton.compile()) return automaton.scan(subject, which, true);
    }
    if (which == MatchLength::shortest) {
        for (std::size_t length = 0; length <= size; ++length)
            if (pattern_match(pattern, subject.substr(size - length))) return length;
    } else {
        for (std::size_t length = size + 1; length-- > 0;)
            if (pattern_match(pattern, subject.substr(size - length))) return length;
    }
    return std::nullopt;
}

bool has_glob_characters(std::string_view pattern) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            ++i;
        } else if (c == '*' || c == '?') {
            return true;
        } else if (c == '[') {
            bool unused = false;
            if (scan_bracket(pattern, i, 0, unused) != npos) return true;
        }
    }
    return false;
}

std::string remove_pattern_escapes(std::string_view pattern) {
    std::string literal;
    literal.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
        literal += pattern[i];
    }
    return literal;
}

} // namespace spawnsh::expand
