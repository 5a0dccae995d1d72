// Word-level rules the grammar applies to tokens: NAME (XCU 3.235), ASSIGNMENT_WORD (2.10.2
// rule 7) with its tilde prefixes (2.6.1), and here_end quote removal (2.7.4).
#include <algorithm>
#include <cstring>
#include <utility>

#include "shell/syntax/grammar.h"

namespace spawnsh::syntax {

bool is_name(std::string_view text) {
    if (text.empty()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) return false;
    }
    return true;
}

bool is_special_builtin_name(std::string_view text) {
    static constexpr std::string_view kSpecial[] = {
        "break", ":", ".", "continue", "eval", "exec", "exit", "export", "readonly", "return",
        "set", "shift", "times", "trap", "unset"};
    for (std::string_view special : kSpecial) {
        if (special == text) return true;
    }
    return false;
}

namespace {

// In an assignment value, a tilde prefix may start the value or follow an unquoted ':'; it ends
// at the first unquoted '/' or ':'.
void mark_assignment_tildes(Word& value, const Source& source, Arena& arena) {
    const auto has_tilde = [](const WordPart& part) {
        const auto* literal = std::get_if<LiteralPart>(&part.value);
        return literal && literal->text.find('~') != std::string_view::npos;
    };
    bool any = false;
    for (const WordPart& part : value.parts) any = any || has_tilde(part);
    if (!any) return;  // the usual case: the parts stay as they are
    WordParts result;
    result.reserve(arena, value.parts.size() + 2);
    for (std::size_t index = 0; index < value.parts.size(); ++index) {
        const WordPart& part = value.parts[index];
        const auto* literal = std::get_if<LiteralPart>(&part.value);
        if (!literal || literal->text.find('~') == std::string_view::npos) {
            result.push_back(arena, part);
            continue;
        }
        const std::string_view text = literal->text;
        const std::size_t base = part.range.offset;
        // A literal whose source held line continuations is longer in the source than its
        // text: its pieces then all get the literal's range.
        const bool exact_range = part.range.length == text.size();
        const SourceRange whole = part.range;
        auto piece_range = [&](std::size_t from, std::size_t to) {
            return exact_range ? source.range(base + from, base + to) : whole;
        };
        std::size_t piece_begin = 0;
        auto emit_literal = [&](std::size_t from, std::size_t to) {
            if (from >= to) return;
            WordPart& piece = result.emplace_back(arena);
            piece.range = piece_range(from, to);
            piece.value = LiteralPart{text.substr(from, to - from)};
        };
        for (std::size_t at = 0; at < text.size(); ++at) {
            if (text[at] != '~') continue;
            const bool starts_value = at == 0 && index == 0;
            const bool after_colon = at > 0 && text[at - 1] == ':';
            if (!starts_value && !after_colon) continue;
            std::size_t stop = text.find_first_of("/:", at);
            if (stop == std::string_view::npos) {
                if (index + 1 < value.parts.size()) continue;  // runs into quoted/expanded text
                stop = text.size();
            }
            emit_literal(piece_begin, at);
            WordPart& tilde = result.emplace_back(arena);
            tilde.range = piece_range(at, stop);
            tilde.value = TildePart{text.substr(at + 1, stop - at - 1)};
            piece_begin = stop;
            at = stop - 1;
        }
        emit_literal(piece_begin, text.size());
    }
    value.parts = result;
}

}  // namespace

bool split_assignment(const Word& word, Assignment& out, const Source& source, Arena& arena) {
    if (word.parts.empty()) return false;
    const auto* literal = std::get_if<LiteralPart>(&word.parts[0].value);
    if (!literal) return false;
    // Called for every command name: a plain loop, as the words are short.
    const std::string_view text = literal->text;
    std::size_t equals = 0;
    while (equals < text.size() && text[equals] != '=') ++equals;
    if (equals == text.size() || !is_name(text.substr(0, equals))) return false;
    out.name = literal->text.substr(0, equals);
    Word value;
    const SourceRange first = word.parts[0].range;
    const std::size_t value_begin = first.offset + equals + 1;
    value.range = source.range(value_begin, std::max(value_begin, word.range.end_offset()));
    const std::string_view rest = literal->text.substr(equals + 1);
    value.parts.reserve(arena, word.parts.size() - (rest.empty() ? 1 : 0));
    if (!rest.empty()) {
        WordPart& part = value.parts.emplace_back(arena);
        part.range = source.range(value_begin, std::max(value_begin, first.end_offset()));
        part.value = LiteralPart{rest};
    }
    for (std::size_t i = 1; i < word.parts.size(); ++i) value.parts.push_back(arena, word.parts[i]);
    mark_assignment_tildes(value, source, arena);
    out.value = value;
    return true;
}

std::string here_doc_delimiter(std::string_view raw, bool& quoted) {
    std::string out;
    quoted = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\\' && i + 1 < raw.size()) {
            ++i;
            if (raw[i] == '\n') continue;  // line continuation
            quoted = true;
            out += raw[i];
        } else if (c == '\'' || (c == '$' && i + 1 < raw.size() && raw[i + 1] == '\'')) {
            if (c == '$') ++i;
            quoted = true;
            const std::size_t close = raw.find('\'', i + 1);
            const std::size_t stop = close == std::string_view::npos ? raw.size() : close;
            out.append(raw.substr(i + 1, stop - i - 1));
            i = stop;
        } else if (c == '"') {
            quoted = true;
            for (++i; i < raw.size() && raw[i] != '"'; ++i) {
                if (raw[i] == '\\' && i + 1 < raw.size() && std::strchr("$`\"\\\n", raw[i + 1])) ++i;
                if (raw[i] != '\n' || raw[i - 1] != '\\') out += raw[i];
            }
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace spawnsh::syntax
