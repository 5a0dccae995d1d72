// Word structure (XCU 2.2 quoting, 2.3 token rules inside words, 2.6 expansion syntax):
// literals, quotes, $'...', parameters, $( ), backquotes, $(( )) and tilde prefixes.
#include <cstring>
#include <utility>

#include "shell/syntax/lexer.h"

namespace spawnsh::syntax {

namespace {

bool ends_unquoted_word(char c) {
    switch (c) {
    case ' ': case '\t': case '\n': case ';': case '&': case '|': case '<': case '>': case '(':
    case ')':
        return true;
    default:
        return false;
    }
}

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_special_parameter(char c) {
    switch (c) {
    case '@': case '*': case '#': case '?': case '-': case '$': case '!':
        return true;
    default:
        return false;
    }
}
bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, unsigned long code) {
    if (code > 0x10FFFF) code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Characters that end a run of ordinary characters, per scanning mode (built at compile time:
// a function-local table would cost a guard check per run).
struct RunStopTable {
    bool stops[5][256] = {};
    constexpr RunStopTable() {
        for (int mode = 0; mode < 5; ++mode) {
            for (const char c : std::string_view("\\'\"$`\t")) stops[mode][static_cast<unsigned char>(c)] = true;
        }
        for (const char c : std::string_view(" \t\n;&|<>()")) stops[0][static_cast<unsigned char>(c)] = true;
        stops[2][static_cast<unsigned char>('}')] = true;
        stops[4][static_cast<unsigned char>('(')] = stops[4][static_cast<unsigned char>(')')] = true;
    }
};

constexpr RunStopTable kRunStops;

const bool* run_stops(Lexer::ScanMode mode) { return kRunStops.stops[static_cast<int>(mode)]; }

// XCU 2.2.1: a backslash-newline is removed before tokenising, so one may stand anywhere inside
// `$name`, `${...}`, `$(` and `$((`.  Returns the first offset from `at` that is not one.
std::size_t skip_line_continuations(std::string_view text, std::size_t end, std::size_t at) {
    while (at + 1 < end && text[at] == '\\' && text[at + 1] == '\n') at += 2;
    return at;
}

// Reads the parameter name at `at`: a NAME, one digit (all the digits when `braced`) or one
// special parameter character, with line continuations inside it removed.  `name` views the
// text when the name has no continuation in it (the usual case), else `scratch`, which holds
// the joined name.  Returns the offset just past its last character, or `at` when there is no
// name there.
std::size_t read_parameter_name(std::string_view text, std::size_t end, std::size_t at,
                                bool braced, std::string& scratch, std::string_view& name) {
    name = {};
    if (at >= end) return at;
    const char first = text[at];
    if (is_special_parameter(first) || (is_digit(first) && !braced)) {
        name = text.substr(at, 1);
        return at + 1;
    }
    const bool letters = is_name_start(first);
    if (!letters && !is_digit(first)) return at;
    const auto continues = [letters](char c) { return letters ? is_name_char(c) : is_digit(c); };
    std::size_t stop = at + 1;  // just past the last character of the name so far
    while (stop < end && continues(text[stop])) ++stop;
    if (skip_line_continuations(text, end, stop) == stop) {
        name = text.substr(at, stop - at);
        return stop;
    }
    bool joined = false;
    for (;;) {
        const std::size_t next = skip_line_continuations(text, end, stop);
        if (next >= end || !continues(text[next])) break;
        if (next != stop && !joined) {
            scratch.assign(text.substr(at, stop - at));
            joined = true;
        }
        if (joined) scratch += text[next];
        stop = next + 1;
    }
    name = joined ? std::string_view(scratch) : text.substr(at, stop - at);
    return stop;
}

}  // namespace

bool Lexer::scan_plain_word(WordParts& parts) {
    const bool* stops = run_stops(ScanMode::Unquoted);
    std::size_t stop = pos_;
    while (stop < end_ && !stops[static_cast<unsigned char>(text_[stop])]) ++stop;
    if (stop == pos_ || (stop < end_ && !ends_unquoted_word(text_[stop]))) return false;
    // The word starts at the token, which is located already.
    parts.emplace_back(arena(), WordPart{source_->range(pos_, token_.where, stop),
                                         LiteralPart{arena().copy(text_.substr(pos_, stop - pos_))}});
    pos_ = stop;
    return true;
}

void Lexer::scan_parts(WordParts& parts, ScanMode mode, bool inside_double_quotes) {
    // Quote characters start quoting only where the shell is not already quoting.
    const bool quotes_active =
        mode == ScanMode::Unquoted || (mode == ScanMode::ParameterWord && !inside_double_quotes);
    const bool dq_rules = !quotes_active;  // backslash escapes only $ ` " \ (and } in ${ })
    // The literal being collected: while it is one slice of the text (the usual case) it is
    // just that view; pieces that do not follow on go through literal_scratch_.
    std::string_view literal;
    bool literal_in_scratch = false;
    std::size_t literal_begin = pos_;
    auto flush = [&] {
        if (literal.empty() && !literal_in_scratch) return;
        const std::string_view text =
            literal_in_scratch ? std::string_view(literal_scratch_) : literal;
        add_part(parts, literal_begin, pos_, LiteralPart{arena().copy(text)});
        literal = {};
        literal_in_scratch = false;
    };
    auto add = [&](std::string_view chars) {
        if (literal_in_scratch) {
            literal_scratch_.append(chars);
        } else if (literal.empty()) {
            literal_begin = pos_;
            literal = chars;
        } else if (literal.data() + literal.size() == chars.data()) {
            literal = std::string_view(literal.data(), literal.size() + chars.size());
        } else {
            literal_scratch_.assign(literal);
            literal_scratch_.append(chars);
            literal_in_scratch = true;
        }
    };
    int paren_depth = 0;  // Arithmetic

    while (pos_ < end_) {
        const char c = text_[pos_];
        // Terminators.
        switch (mode) {
        case ScanMode::Unquoted:
            if (ends_unquoted_word(c)) {
                flush();
                return;
            }
            break;
        case ScanMode::DoubleQuoted:
            if (c == '"') {
                flush();
                return;
            }
            break;
        case ScanMode::ParameterWord:
            // The first unquoted } ends the word: dash and bash do not count bare braces
            // (`${x:-{a}b}` is `{a` followed by `b}`).
            if (c == '}') {
                flush();
                return;
            }
            break;
        case ScanMode::Arithmetic:
            if (c == '(') {
                ++paren_depth;
            } else if (c == ')') {
                if (paren_depth == 0) {
                    flush();
                    return;  // the caller checks for the second )
                }
                --paren_depth;
            }
            break;
        case ScanMode::HereDocBody:
            if (c == '\t' && strip_tabs_in_scan_ &&
                (pos_ == here_doc_begin_ || text_[pos_ - 1] == '\n')) {
                while (pos_ < end_ && text_[pos_] == '\t') ++pos_;
                continue;
            }
            break;
        }

        if (c == '\\') {
            if (pos_ + 1 >= end_) {  // a lone backslash at the very end stays literal
                add(text_.substr(pos_, 1));
                ++pos_;
                continue;
            }
            const char next = text_[pos_ + 1];
            if (next == '\n') {  // line continuation: removed, the literal goes on
                pos_ += 2;
                continue;
            }
            if (!dq_rules) {
                flush();
                std::size_t stop = pos_ + 2;
                while (stop < end_ && is_utf8_continuation(text_[stop])) ++stop;
                add_part(parts, pos_, stop,
                         EscapedPart{arena().copy(text_.substr(pos_ + 1, stop - pos_ - 1))});
                pos_ = stop;
                continue;
            }
            const bool escapable =
                next == '$' || next == '`' || next == '\\' ||
                (next == '"' && mode != ScanMode::HereDocBody) ||
                (next == '}' && mode == ScanMode::ParameterWord);
            if (escapable) {
                add(text_.substr(pos_ + 1, 1));
                pos_ += 2;
            } else {
                add(text_.substr(pos_, 1));
                ++pos_;
            }
            continue;
        }
        if (c == '\'' && quotes_active) {
            flush();
            scan_single_quoted(parts);
            continue;
        }
        if (c == '"' && (quotes_active || mode == ScanMode::ParameterWord ||
                         mode == ScanMode::Arithmetic)) {
            flush();
            scan_double_quoted(parts);
            continue;
        }
        if (c == '$') {
            const char next = char_at(skip_line_continuations(text_, end_, pos_ + 1));
            const bool expands = next == '{' || next == '(' || is_name_start(next) ||
                                 is_digit(next) || is_special_parameter(next) ||
                                 (next == '\'' && quotes_active);
            if (expands) {
                flush();
                scan_dollar(parts, !quotes_active, mode);
                continue;
            }
            add(text_.substr(pos_, 1));
            ++pos_;
            continue;
        }
        if (c == '`') {
            flush();
            scan_backquote(parts, !quotes_active);
            continue;
        }
        // A run of ordinary characters in one go.
        const bool* stops = run_stops(mode);
        std::size_t stop = pos_ + 1;
        while (stop < end_ && !stops[static_cast<unsigned char>(text_[stop])]) {
            if (mode == ScanMode::HereDocBody && text_[stop - 1] == '\n') break;
            ++stop;
        }
        add(text_.substr(pos_, stop - pos_));
        pos_ = stop;
    }
    flush();
}

void Lexer::scan_single_quoted(WordParts& parts) {
    const std::size_t open = pos_;
    const void* close = std::memchr(text_.data() + open + 1, '\'', end_ - open - 1);
    if (!close) fail_at(*source_, open, open + 1, "unterminated single quote", true);
    const auto stop = static_cast<std::size_t>(static_cast<const char*>(close) - text_.data());
    add_part(parts, open, stop + 1,
             SingleQuotedPart{arena().copy(text_.substr(open + 1, stop - open - 1))});
    pos_ = stop + 1;
}

void Lexer::scan_dollar_single_quoted(WordParts& parts) {
    const std::size_t open = pos_;
    std::size_t at = skip_line_continuations(text_, end_, open + 1) + 1;  // past $'
    std::string bytes;
    for (;;) {
        if (at >= end_) fail_at(*source_, open, open + 2, "unterminated $'...' string", true);
        const char c = text_[at];
        if (c == '\'') break;
        if (c != '\\' || at + 1 >= end_) {
            bytes += c;
            ++at;
            continue;
        }
        const char e = text_[at + 1];
        at += 2;
        switch (e) {
        case 'a': bytes += '\a'; break;
        case 'b': bytes += '\b'; break;
        case 'e': case 'E': bytes += '\x1b'; break;
        case 'f': bytes += '\f'; break;
        case 'n': bytes += '\n'; break;
        case 'r': bytes += '\r'; break;
        case 't': bytes += '\t'; break;
        case 'v': bytes += '\v'; break;
        case '\\': case '\'': case '"': case '?': bytes += e; break;
        case 'x': {
            int value = 0;
            int digits = 0;
            while (digits < 2 && at < end_ && hex_value(text_[at]) >= 0) {
                value = value * 16 + hex_value(text_[at++]);
                ++digits;
            }
            if (digits == 0) {
                bytes += "\\x";
            } else {
                bytes += static_cast<char>(value);
            }
            break;
        }
        case 'u': case 'U': {
            const int max_digits = e == 'u' ? 4 : 8;
            unsigned long value = 0;
            int digits = 0;
            while (digits < max_digits && at < end_ && hex_value(text_[at]) >= 0) {
                value = value * 16 + static_cast<unsigned long>(hex_value(text_[at++]));
                ++digits;
            }
            if (digits == 0) {
                bytes += '\\';
                bytes += e;
            } else {
                append_utf8(bytes, value);
            }
            break;
        }
        case 'c':
            if (at < end_) {
                const char control = text_[at++];
                bytes += static_cast<char>(control == '?' ? 0x7F : (control & 0x1F));
            } else {
                bytes += "\\c";
            }
            break;
        default:
            if (e >= '0' && e <= '7') {
                int value = e - '0';
                int digits = 1;
                while (digits < 3 && at < end_ && text_[at] >= '0' && text_[at] <= '7') {
                    value = value * 8 + (text_[at++] - '0');
                    ++digits;
                }
                bytes += static_cast<char>(value & 0xFF);
            } else {
                bytes += '\\';
                bytes += e;
            }
        }
    }
    // A NUL byte (\0, \x00, \c@) ends the string, as in bash and ksh: the rest is dropped.
    const std::size_t nul = bytes.find('\0');
    if (nul != std::string::npos) bytes.resize(nul);
    add_part(parts, open, at + 1, DollarSingleQuotedPart{arena().copy(bytes)});
    pos_ = at + 1;
}

void Lexer::scan_double_quoted(WordParts& parts) {
    const std::size_t open = pos_;
    ++pos_;
    DoubleQuotedPart quoted;
    scan_parts(quoted.parts, ScanMode::DoubleQuoted, true);
    if (pos_ >= end_) fail_at(*source_, open, open + 1, "unterminated double quote", true);
    ++pos_;  // the closing quote
    add_part(parts, open, pos_, quoted);
}

bool Lexer::scan_dollar(WordParts& parts, bool inside_double_quotes, ScanMode mode) {
    const std::size_t dollar = pos_;
    const std::size_t after_dollar = skip_line_continuations(text_, end_, pos_ + 1);
    const char next = char_at(after_dollar);
    if (next == '{') {
        scan_braced_parameter(parts, dollar, inside_double_quotes);
        return true;
    }
    if (next == '(') {
        const std::size_t second = skip_line_continuations(text_, end_, after_dollar + 1);
        if (char_at(second) == '(' && looks_like_arithmetic(second + 1)) {
            scan_arithmetic(parts, dollar);
        } else {
            scan_command_substitution(parts, dollar);
        }
        return true;
    }
    if (next == '\'' && !inside_double_quotes && mode != ScanMode::HereDocBody) {
        scan_dollar_single_quoted(parts);
        return true;
    }
    ParameterPart parameter;
    std::string_view name;
    const std::size_t stop =
        read_parameter_name(text_, end_, after_dollar, /*braced=*/false, literal_scratch_, name);
    if (stop == after_dollar) return false;
    parameter.name = arena().copy(name);
    add_part(parts, dollar, stop, parameter);
    pos_ = stop;
    return true;
}

void Lexer::scan_braced_parameter(WordParts& parts, std::size_t dollar, bool inside_double_quotes) {
    DepthGuard guard(context_, *source_, dollar);
    auto skip = [&](std::size_t at) { return skip_line_continuations(text_, end_, at); };
    const std::size_t body = skip(skip(dollar + 1) + 1);  // just past ${
    // Anything that is not a POSIX form is kept whole and reported when expanded.
    auto bad = [&] {
        pos_ = body;
        WordParts ignored;
        scan_parts(ignored, ScanMode::ParameterWord, inside_double_quotes);
        if (pos_ >= end_) {
            fail_at(*source_, dollar, dollar + 2, "unterminated parameter expansion", true);
        }
        ParameterPart invalid;
        invalid.braced = true;
        invalid.op = ParameterOp::BadSubstitution;
        invalid.name = arena().copy(text_.substr(body, pos_ - body));
        ++pos_;
        add_part(parts, dollar, pos_, invalid);
    };

    ParameterPart parameter;
    parameter.braced = true;
    pos_ = body;
    if (char_at(pos_) == '#' && pos_ < end_) {
        const std::size_t after_hash = skip(pos_ + 1);
        std::string_view name;
        const std::size_t stop =
            read_parameter_name(text_, end_, after_hash, true, literal_scratch_, name);
        const std::size_t close = skip(stop);
        if (stop > after_hash && char_at(close) == '}' && close < end_) {
            parameter.op = ParameterOp::Length;
            parameter.name = arena().copy(name);
            pos_ = close;
        } else {
            parameter.name = "#";
            pos_ = after_hash;
        }
    } else {
        std::string_view name;
        const std::size_t stop =
            read_parameter_name(text_, end_, pos_, true, literal_scratch_, name);
        if (stop == pos_) return bad();
        parameter.name = arena().copy(name);
        pos_ = skip(stop);
    }

    if (pos_ >= end_) return bad();
    if (parameter.op == ParameterOp::Length || text_[pos_] == '}') {
        if (text_[pos_] != '}') return bad();
        ++pos_;
        add_part(parts, dollar, pos_, parameter);
        return;
    }

    const bool colon = text_[pos_] == ':';
    if (colon) pos_ = skip(pos_ + 1);
    const char op = char_at(pos_);
    if (pos_ >= end_) return bad();
    // For %% and ##: where the doubled character would be.
    const std::size_t second = skip(pos_ + 1);
    switch (op) {
    case '-': parameter.op = colon ? ParameterOp::UseDefaultIfNull : ParameterOp::UseDefault; break;
    case '=': parameter.op = colon ? ParameterOp::AssignDefaultIfNull : ParameterOp::AssignDefault; break;
    case '?': parameter.op = colon ? ParameterOp::ErrorIfNullOrUnset : ParameterOp::ErrorIfUnset; break;
    case '+': parameter.op = colon ? ParameterOp::UseAlternativeIfNotNull : ParameterOp::UseAlternative; break;
    case '%':
        if (colon) return bad();
        if (char_at(second) == '%') {
            parameter.op = ParameterOp::RemoveLargestSuffix;
            pos_ = second;
        } else {
            parameter.op = ParameterOp::RemoveSmallestSuffix;
        }
        break;
    case '#':
        if (colon) return bad();
        if (char_at(second) == '#') {
            parameter.op = ParameterOp::RemoveLargestPrefix;
            pos_ = second;
        } else {
            parameter.op = ParameterOp::RemoveSmallestPrefix;
        }
        break;
    default:
        return bad();
    }
    ++pos_;

    // The pattern of %, %%, # and ## keeps its own quoting inside double quotes (XCU 2.6.2:
    // quoting characters within the braces quote the pattern), so `"${x%\\b}"` removes `\b`.
    const bool pattern_word = parameter.op == ParameterOp::RemoveSmallestSuffix ||
                              parameter.op == ParameterOp::RemoveLargestSuffix ||
                              parameter.op == ParameterOp::RemoveSmallestPrefix ||
                              parameter.op == ParameterOp::RemoveLargestPrefix;
    Word* argument = arena().make<Word>();
    const std::size_t argument_begin = pos_;
    scan_parts(argument->parts, ScanMode::ParameterWord, inside_double_quotes && !pattern_word);
    if (pos_ >= end_) {
        fail_at(*source_, dollar, dollar + 2, "unterminated parameter expansion", true);
    }
    argument->range = source_->range(argument_begin, pos_);
    if (!inside_double_quotes || pattern_word) mark_tilde_prefix(*argument);
    parameter.argument = argument;
    ++pos_;  // the closing brace
    add_part(parts, dollar, pos_, parameter);
}

void Lexer::scan_command_substitution(WordParts& parts, std::size_t dollar) {
    DepthGuard guard(context_, *source_, dollar);
    std::size_t stop = 0;
    const std::size_t body = skip_line_continuations(
        text_, end_, skip_line_continuations(text_, end_, dollar + 1) + 1);  // just past $(
    auto program = parse_command_substitution(*source_, body, context_,
                                              text_may_grow_ && alias_stack_.empty(), stop);
    // The nested parser saw the whole text; our scanning limit still applies.
    pos_ = stop;
    add_part(parts, dollar, pos_, CommandSubstitutionPart{program});
}

bool Lexer::looks_like_arithmetic(std::size_t after_open) const {
    // $(( starts arithmetic if its parentheses close with )); otherwise it is $( ( ...) ...).
    int depth = 0;
    for (std::size_t at = after_open; at < end_; ++at) {
        const char c = text_[at];
        if (c == '\\') {
            ++at;
        } else if (c == '\'' || c == '"') {
            const std::size_t close = text_.find(c, at + 1);
            if (close == std::string_view::npos || close >= end_) return true;
            at = close;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth == 0) {
                const std::size_t next = skip_line_continuations(text_, end_, at + 1);
                return char_at(next) == ')' || next >= end_;
            }
            --depth;
        }
    }
    return true;  // unterminated: reported as an unterminated arithmetic expansion
}

void Lexer::scan_arithmetic(WordParts& parts, std::size_t dollar) {
    DepthGuard guard(context_, *source_, dollar);
    auto skip = [&](std::size_t at) { return skip_line_continuations(text_, end_, at); };
    pos_ = skip(skip(skip(dollar + 1) + 1) + 1);  // just past $((
    ArithmeticPart arithmetic;
    arithmetic.arena = &arena();
    const std::size_t begin = pos_;
    Word* expression = arena().make<Word>();
    arithmetic.expression = expression;
    scan_parts(expression->parts, ScanMode::Arithmetic, true);
    const std::size_t second_close = skip(pos_ + 1);
    if (pos_ >= end_ || second_close >= end_) {
        fail_at(*source_, dollar, dollar + 3, "unterminated arithmetic expansion", true);
    }
    if (text_[second_close] != ')') {
        fail_at(*source_, pos_, pos_ + 1, "unexpected ')' in arithmetic expansion", false);
    }
    expression->range = source_->range(begin, pos_);
    pos_ = second_close + 1;
    add_part(parts, dollar, pos_, arithmetic);
}

void Lexer::scan_backquote(WordParts& parts, bool inside_double_quotes) {
    const std::size_t open = pos_;
    std::size_t at = open + 1;
    std::string inner;
    for (;;) {
        if (at >= end_) fail_at(*source_, open, open + 1, "unterminated backquote", true);
        const char c = text_[at];
        if (c == '`') break;
        if (c == '\\' && at + 1 < end_) {
            const char next = text_[at + 1];
            if (next == '$' || next == '`' || next == '\\' || (inside_double_quotes && next == '"')) {
                inner += next;
                at += 2;
                continue;
            }
            if (next == '\n') {
                at += 2;
                continue;
            }
        }
        inner += c;
        ++at;
    }
    DepthGuard guard(context_, *source_, open);
    const LineColumn where = source_->locate(open + 1);
    const Source inner_source(source_->name(), std::move(inner), where.line, where.column);
    auto program = parse_nested_text(inner_source, context_);
    pos_ = at + 1;
    add_part(parts, open, pos_, BackquotePart{program});
}

void Lexer::mark_tilde_prefix(Word& word) {
    if (word.parts.empty()) return;
    auto* literal = std::get_if<LiteralPart>(&word.parts[0].value);
    if (!literal || literal->text.empty() || literal->text[0] != '~') return;
    const std::size_t slash = literal->text.find('/');
    // The prefix runs to the first slash; if that is beyond this literal, some of it is quoted
    // or expanded, and then it is not a tilde prefix.
    if (slash == std::string::npos && word.parts.size() > 1) return;
    const std::size_t prefix_length = slash == std::string::npos ? literal->text.size() : slash;
    // The literal's range covers its source bytes; split it by position when they match.
    const SourceRange whole = word.parts[0].range;
    WordPart tilde;
    tilde.range = source_->range(whole.offset, whole.offset + prefix_length);
    tilde.value = TildePart{literal->text.substr(1, prefix_length - 1)};
    const std::string_view rest = literal->text.substr(prefix_length);
    if (rest.empty()) {
        word.parts[0] = tilde;
        return;
    }
    WordPart remainder;
    remainder.range = source_->range(whole.offset + prefix_length, whole.end_offset());
    remainder.value = LiteralPart{rest};
    word.parts[0] = tilde;
    word.parts.insert(arena(), 1, remainder);
}

}  // namespace spawnsh::syntax
