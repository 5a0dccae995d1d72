#include "shell/syntax/parse_error.h"

#include <algorithm>
#include <string_view>

namespace spawnsh::syntax {

std::string parse_error_headline(const ParseError& error) {
    std::string out(error.where.file_name());
    out += ':';
    out += std::to_string(error.where.line);
    out += ':';
    out += std::to_string(error.where.column);
    out += ": syntax error: ";
    out += error.message;
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
        out += line.substr(begin, end - begin);
        if (end < line.size()) out += "...";
        line = line.substr(begin, end - begin);
        caret_column -= std::min(caret_column, begin);
    } else {
        out += line;
    }
    out += '\n';
    out += indent_prefix;
    for (std::size_t i = 0; i < caret_column && i < line.size(); ++i) {
        if (line[i] == '\t') {
            out += '\t';
        } else if (!continuation(line[i])) {
            out += ' ';
        }
    }
    out += "^\n";
    return out;
}

}  // namespace spawnsh::syntax
