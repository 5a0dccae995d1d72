#include "shell/syntax/parse_error.h"

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
    out += error.source_line;
    out += '\n';
    const std::size_t caret_column = error.where.column > 0 ? error.where.column - 1 : 0;
    for (std::size_t i = 0; i < caret_column && i < error.source_line.size(); ++i) {
        const auto byte = static_cast<unsigned char>(error.source_line[i]);
        if (byte == '\t') {
            out += '\t';
        } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            out += ' ';
        }
    }
    out += "^\n";
    return out;
}

}  // namespace spawnsh::syntax
