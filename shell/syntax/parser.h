// The shell parser: text in, passive AST (ast.h) out.
//
// Three ways in:
//
// 1. Whole text at once (a -c string, eval, a function body in a test):
//
//        Source source("-c", "echo hi; ls | wc -l");
//        ParseResult result = parse_program(source);
//        if (!result.ok()) std::cerr << "spawnsh: " << format_parse_error(*result.error);
//
// 2. A script, one complete command at a time, so that aliases and `set -n` take effect
//    between commands and a syntax error late in a file does not stop earlier commands
//    (like dash):
//
//        Parser parser(std::make_shared<Source>("script.sh", text));
//        for (;;) {
//            ParseStep step = parser.next_command(InputState::Final);
//            if (step.status == ParseStatus::EndOfInput) break;
//            if (step.status == ParseStatus::Error) { report(*step.error); exit(2); }
//            run(*step.command);
//        }
//
// 3. Interactive input, fed a line at a time (lines end with '\n'):
//
//        parser.feed(line);
//        for (;;) {
//            ParseStep step = parser.next_command(InputState::MoreMayFollow);
//            if (step.status == ParseStatus::Complete) { run(*step.command); continue; }
//            if (step.status == ParseStatus::Incomplete) prompt = PS2;  // open quote, here-doc...
//            if (step.status == ParseStatus::EndOfInput) prompt = PS1;  // nothing pending
//            if (step.status == ParseStatus::Error) { report(*step.error); parser.discard_pending(); }
//            break;
//        }
//
// Nesting limit: compound commands, ( ), { }, $( ), ${ }, $(( )) and backquotes may nest up to
// ParseOptions::max_nesting levels (1000 by default); deeper input gets a syntax error ("nesting
// too deep"), never a stack overflow.  A level takes about 2-4 KB of stack in an optimised
// build and several times that under AddressSanitizer, so the parser also watches the real
// stack of the calling thread (stack_limit.h) and stops with the same error when less than an
// eighth of it (at least 256 KiB) is left.
//
// No exceptions leave these functions except std::bad_alloc.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "shell/syntax/ast.h"
#include "shell/syntax/lexer.h"
#include "shell/syntax/parse_error.h"
#include "shell/syntax/source.h"

namespace spawnsh::syntax {

struct ParseOptions {
    // Alias lookup (XCU 2.3.1); empty means no aliases.  Consulted while parsing, so changes
    // made between next_command() calls apply to the following commands.
    AliasLookup aliases;
    int max_nesting = 1000;
};

struct ParseResult {
    std::optional<Program> program;  // set when ok()
    std::shared_ptr<Arena> arena;    // holds the tree of `program`
    std::optional<ParseError> error;
    bool ok() const { return !error.has_value(); }
};

// Parses a whole text (a script, a -c string, the argument of eval).  The Source name is what
// error messages show: use the script path, "-c", "eval" ...
ParseResult parse_program(const Source& source, const ParseOptions& options = {});

// Parses a text the way an unquoted here-document body is read (XCU 2.7.4): `$name`, `${...}`,
// `$(...)`, backquotes and `$((...))` are recognised, a backslash quotes only $ ` \ and a
// newline, and everything else, quotes included, is literal.  Expand the word's parts as a
// here-document body (as if in double quotes).  For the prompt strings PS1, PS2 and PS4,
// which POSIX has parameter-expanded before each use.
struct TextParseResult {
    std::optional<Word> word;      // set when ok()
    std::shared_ptr<Arena> arena;  // holds the parts of `word`
    std::optional<ParseError> error;
    bool ok() const { return !error.has_value(); }
};
TextParseResult parse_here_document_text(const Source& source, const ParseOptions& options = {});

enum class ParseStatus {
    Complete,    // `command` holds the next complete command (one line's worth, with its
                 // here-document bodies)
    Incomplete,  // the text ends inside a command: read another line and call again
    Error,       // `error` is set
    EndOfInput,  // no command left (only blank lines and comments were read)
};

enum class InputState {
    Final,          // the text is all there is: its end ends every open construct or is an error
    MoreMayFollow,  // interactive: the end of the text may be continued by feed()
};

struct ParseStep {
    ParseStatus status = ParseStatus::EndOfInput;
    std::optional<CompleteCommand> command;
    std::shared_ptr<Arena> arena;  // holds the tree of `command` (set when Complete)
    std::optional<ParseError> error;
};

class Parser {
public:
    explicit Parser(std::shared_ptr<Source> source, ParseOptions options = {});
    // An empty source named `name` for interactive use.
    explicit Parser(std::string_view name, ParseOptions options = {});
    ~Parser();
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // Appends text (interactive: one line including its '\n'; a script: a piece of whole
    // lines). Text already parsed into complete commands is dropped first, so a long session
    // or a big script read a piece at a time holds the unparsed text, not all of it; offsets
    // then start afresh from the first byte not yet parsed (line numbers go on).
    void feed(std::string_view text);

    // Parses the command that starts where the previous Complete one ended.  With
    // MoreMayFollow, a command is only Complete once its terminating newline has been read.
    ParseStep next_command(InputState state);

    // Drops the text not yet parsed (after an Error, or when the user interrupts a PS2 prompt).
    void discard_pending();

    void set_aliases(AliasLookup aliases) { context_.aliases = std::move(aliases); }
    const Source& source() const { return *source_; }
    std::size_t offset() const { return offset_; }  // where the next command starts

private:
    void parse_step(ParseStep& step, InputState state);
    void forget_parsed_text();

    std::shared_ptr<Source> source_;
    ParseContext context_;
    std::size_t offset_ = 0;
    std::unique_ptr<Lexer> lexer_;  // kept between commands only while it reads an alias value
    std::shared_ptr<Arena> lexer_arena_;  // the arena lexer_ allocates from, while it is kept
};

}  // namespace spawnsh::syntax
