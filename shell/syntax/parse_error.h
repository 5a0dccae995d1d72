// Syntax errors: where, what, and one formatter that prints them with the source line and a caret.
#pragma once

#include <string>
#include <string_view>

#include "shell/syntax/source.h"

namespace spawnsh::syntax {

struct ParseError {
    SourceRange where;        // the offending token (or the opening quote/bracket that never closed)
    std::string message;      // e.g. "unexpected 'fi' (expecting 'done')"
    std::string source_line;  // the text of the line `where` points into, without its newline
    // True when the error is that the text ended too early (open quote, open here-document,
    // unfinished compound command, trailing | && ||).  An interactive shell reads another line
    // (PS2) instead of reporting it.
    bool incomplete = false;
};

// Formats an error as
//   NAME:LINE:COL: syntax error: MESSAGE
//   <the source line>
//   <spaces>^
// with a trailing newline.  The caret is aligned under the offending byte (tabs are kept, UTF-8
// continuation bytes take no column).  The caller adds its own prefix (e.g. "spawnsh: ").
std::string format_parse_error(const ParseError& error);

// `text` with control bytes, DEL, C1 controls and malformed UTF-8 written as \ooo (ESC is \033),
// so that text from a script shown in a message cannot drive the user's terminal.
std::string escape_unprintable(std::string_view text);

// Just the first line, without a newline: "NAME:LINE:COL: syntax error: MESSAGE".
std::string parse_error_headline(const ParseError& error);

}  // namespace spawnsh::syntax
