#include "shell/syntax/parse_error.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace spawnsh::syntax {

namespace {

// The length of the valid, printable UTF-8 sequence at `text[i]`, or 0 when the byte there must
// be escaped: a control byte, DEL, a byte that does not start a well-formed sequence, or a C1
// control (U+0080 to U+009F, which some terminals obey as 8-bit escapes). Tab is kept: it is
// how the line is indented.
std::size_t printable_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    if (c == '\t') return 1;
    if (c < 0x20 || c == 0x7f) return 0;
    if (c < 0x80) return 1;
    std::size_t length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (c > 0xF4 || length == 0 || i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    if (c == 0xC2 && byte(i + 1) < 0xA0) return 0;  // C1 controls
    return length;
}

// Appends `text` with every byte printable_length refuses written as a backslash and three
// octal digits (ESC is \033), so a script cannot send terminal escapes through an error
// message. `columns`, when given, receives the padding that lines a caret up under each byte:
// one entry per byte of `text`.
void append_escaped(std::string& out, std::string_view text, std::vector<std::string>* columns) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = printable_length(text, i);
        if (length == 0) {
            unsigned char c = static_cast<unsigned char>(text[i]);
            char escaped[5] = {'\\', static_cast<char>('0' + (c >> 6)),
                               static_cast<char>('0' + ((c >> 3) & 7)),
                               static_cast<char>('0' + (c & 7)), '\0'};
            out += escaped;
            if (columns != nullptr) columns->push_back("    ");
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        if (columns != nullptr) {
            columns->push_back(text[i] == '\t' ? "\t" : " ");
            for (std::size_t k = 1; k < length; ++k) columns->push_back("");
        }
        i += length;
    }
}

}  // namespace

std::string escape_unprintable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text, nullptr);
    return out;
}

std::string parse_error_headline(const ParseError& error) {
    std::string out(error.where.file_name());
    out += ':';
    out += std::to_string(error.where.line);
    out += ':';
    out += std::to_string(error.where.column);
    out += ": syntax error: ";
    append_escaped(out, error.message, nullptr);
    return out;
}

std::string format_parse_error(const ParseError& error) {
    std::string out = parse_error_headline(error);
    out += '\n';
    // A very long line (a generated or minified script) is shown as a window around the error,
    // marked with "..." where it was cut, so the message stays a few lines long.
    constexpr std::size_t kShownWidth = 120;
    auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
    std::string_view line = error.source_line;
    std::size_t caret_column = error.where.column > 0 ? error.where.column - 1 : 0;
    std::string_view indent_prefix;
    std::string_view cut_after;
    if (line.size() > kShownWidth) {
        std::size_t begin = caret_column > kShownWidth / 2 ? caret_column - kShownWidth / 2 : 0;
        begin = std::min(begin, line.size());
        while (begin > 0 && begin < line.size() && continuation(line[begin])) --begin;
        std::size_t end = std::min(line.size(), begin + kShownWidth);
        while (end < line.size() && continuation(line[end])) ++end;
        if (begin > 0) {
            out += "...";
            indent_prefix = "   ";
        }
        if (end < line.size()) cut_after = "...";
        line = line.substr(begin, end - begin);
        caret_column -= std::min(caret_column, begin);
    }
    std::vector<std::string> columns;
    append_escaped(out, line, &columns);
    out += cut_after;
    out += '\n';
    out += indent_prefix;
    for (std::size_t i = 0; i < caret_column && i < columns.size(); ++i) out += columns[i];
    out += "^\n";
    return out;
}

}  // namespace spawnsh::syntax
