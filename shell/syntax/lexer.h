// Token recognition (XCU 2.3), quoting (2.2), here-document bodies (2.7.4) and alias
// substitution (2.3.1).  Internal to the parser: the rest of the shell uses parser.h.
//
// The lexer is lazy and driven by the parser: the parser asks for the next token (peek) and
// says whether it stands where a command name may be (alias substitution then applies).  A
// token is only read when asked for, so a here-document registered by the parser after it has
// read the delimiter word is read when the next newline token is read.
//
// Words come out already structured (see ast.h).  A `$(` inside a word makes the lexer run a
// nested parser over the same text; backquotes are cut out, unescaped and parsed as a separate
// Source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shell/syntax/ast.h"
#include "shell/syntax/parse_error.h"
#include "shell/syntax/source.h"
#include "shell/syntax/token.h"

namespace spawnsh::syntax {

// Looks up an alias: returns its value, or nullptr when `name` is not an alias.  The returned
// string must stay valid until the current command has been parsed.
using AliasLookup = std::function<const std::string*(std::string_view name)>;

// Thrown inside the parser only; the public API (parser.h) turns it into a result.
struct SyntaxFailure {
    ParseError error;
};

// State shared by a parser and the parsers nested in it ($( ), backquotes).
struct ParseContext {
    AliasLookup aliases;
    Arena* arena = nullptr;     // where the nodes of the current parse unit go
    int depth = 0;              // current nesting of compound commands and substitutions
    int max_depth = 1000;
    std::uintptr_t stack_floor = 0;  // see stack_limit.h; 0: only max_depth applies
    // True when the text may be continued (interactive input): running out of text then
    // yields an error marked `incomplete` instead of, e.g., ending an unterminated here-doc.
    bool more_input_may_follow = false;
};

// RAII nesting counter: throws a SyntaxFailure when the limit is passed.
class DepthGuard {
public:
    DepthGuard(ParseContext& context, const Source& source, std::size_t offset);
    ~DepthGuard() { --context_.depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    ParseContext& context_;
};

enum class LexMode {
    Normal,        // an argument, a pattern, a redirection target ...
    CommandStart,  // the word may be a command name: alias substitution applies
};

class Lexer {
public:
    // `text_may_grow`: this lexer reads the primary text, so running out of it while inside a
    // construct can be reported as "incomplete".
    Lexer(const Source& source, std::size_t offset, ParseContext& context, bool text_may_grow);

    const Token& peek(LexMode mode = LexMode::Normal) {
        // The grammar looks at the same token several times: answer those inline.
        if (has_token_ && (mode == LexMode::Normal || token_alias_checked_)) return token_;
        return peek_new(mode);
    }
    // The token, which the caller now owns: its word is not reused for the next token.
    Token take(LexMode mode = LexMode::Normal);
    // Consumes the current token (which the caller has peeked) and returns its word.
    Word take_word() {
        has_token_ = false;
        const Word word = token_.word;
        token_.word.parts = WordParts();  // the caller owns that list now
        return word;
    }
    // Drops the token; the storage of its word's part list is reused for the next word.
    void consume() { has_token_ = false; }

    // Reads the rest of the text as an unquoted here-document body is read (see
    // parse_here_document_text in parser.h).
    Word read_here_document_text();

    // Registers a here-document whose body starts after the next newline token.
    void add_here_document(HereDocument* doc);
    bool has_pending_here_documents() const { return !pending_here_docs_.empty(); }
    // How many here-documents have been registered so far (a serial number for the next one).
    std::size_t here_documents_registered() const {
        return here_docs_read_ + pending_here_docs_.size();
    }

    // Keeps the text of a function definition, [begin, end) of the primary text, in `slot` (a
    // copy in the arena), so the function can be parsed again elsewhere. The definition's
    // here-documents are those registered from serial `first_here_doc` on; the bodies of those
    // still unread lie after the definition's line: they are appended, after a newline, once
    // read. The slot stays empty when the definition came from an alias value.
    void keep_function_text(std::string_view& slot, const Source& source, std::size_t begin,
                            std::size_t end, std::size_t first_here_doc);

    // Offset just past the last token read (in the primary source).
    std::size_t offset() const { return pos_; }
    bool in_alias() const { return !alias_stack_.empty(); }
    // Offset in the primary source where reading continues (outside any alias value).
    std::size_t primary_offset() const {
        return alias_stack_.empty() ? pos_ : alias_stack_.front().outer_pos;
    }
    const Source& source() const { return *source_; }
    ParseContext& context() { return context_; }
    Arena& arena() { return *context_.arena; }

    [[noreturn]] void fail_at(const Source& source, std::size_t begin, std::size_t end,
                              std::string message, bool at_end_of_text) const;
    [[noreturn]] void fail_at_token(const Token& token, std::string message) const;

private:
    struct AliasFrame {
        std::unique_ptr<Source> text;   // the alias value being read
        std::string name;               // guards against recursion while active
        bool ends_in_blank = false;     // 2.3.1: check the next word for an alias too
        const Source* outer_source = nullptr;
        std::size_t outer_pos = 0;
        std::size_t outer_end = 0;
    };

    // lexer.cpp: tokens
    const Token& peek_new(LexMode mode);
    void read_token();
    void skip_blanks_and_comments();
    void leave_alias_value();
    bool read_operator();
    void read_word_token();
    void read_here_document_bodies();
    void read_here_document_body(HereDocument& doc);
    void maybe_substitute_alias() {
        token_alias_checked_ = true;
        // Most command words are not candidates; only candidates pay for the lookup.
        if (context_.aliases && token_.kind == TokenKind::Word && token_.word.parts.size() == 1 &&
            token_.reserved.empty()) {
            substitute_aliases();
        }
    }
    void substitute_aliases();
    std::size_t skip_continuations(std::size_t at) const;
    char char_at(std::size_t at) const { return at < end_ ? text_[at] : '\0'; }

public:
    // word_scanner.cpp: word structure.  Public for the here-document and parameter helpers.
    enum class ScanMode {
        Unquoted,       // a token: ends at a blank or operator character
        DoubleQuoted,   // "...": ends at the closing quote
        ParameterWord,  // ${name op word}: ends at the matching }
        HereDocBody,    // unquoted here-document body: ends at end_
        Arithmetic,     // $(( ... )): ends at the matching ))
    };

private:
    void scan_parts(WordParts& parts, ScanMode mode, bool inside_double_quotes);
    // The common word of ordinary characters only: one literal, without the general scanner.
    // Returns false (and consumes nothing) for any other word.
    bool scan_plain_word(WordParts& parts);
    void scan_single_quoted(WordParts& parts);
    void scan_dollar_single_quoted(WordParts& parts);
    void scan_double_quoted(WordParts& parts);
    // Called with pos_ on '$'.  Returns false (and consumes nothing) if the $ is literal.
    bool scan_dollar(WordParts& parts, bool inside_double_quotes, ScanMode mode);
    void scan_braced_parameter(WordParts& parts, std::size_t dollar, bool inside_double_quotes);
    void scan_command_substitution(WordParts& parts, std::size_t dollar);
    void scan_arithmetic(WordParts& parts, std::size_t dollar);
    bool looks_like_arithmetic(std::size_t after_open) const;
    void scan_backquote(WordParts& parts, bool inside_double_quotes);
    // Appends a part covering [begin, end) of the current text. Braced, not emplaced from the
    // two values: clang before 16 has no aggregate initialisation from parentheses, and the
    // fuzz targets are built with clang.
    template <class Value>
    void add_part(WordParts& parts, std::size_t begin, std::size_t end, const Value& value) {
        parts.emplace_back(arena(), WordPart{source_->range(begin, end), value});
    }
    void mark_tilde_prefix(Word& word);

    const Source* source_;          // the text being read now (an alias value or the primary)
    const Source* primary_;
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;           // scanning limit (end of text, or end of a here-doc body)
    ParseContext& context_;
    bool text_may_grow_;

    Token token_;
    bool has_token_ = false;
    bool token_alias_checked_ = false;
    bool check_next_word_for_alias_ = false;
    std::vector<AliasFrame> alias_stack_;
    std::vector<HereDocument*> pending_here_docs_;  // in the arena
    // Function definitions whose text waits for the bodies of their here-documents.
    struct PendingFunctionText {
        std::string_view* slot;  // in the arena
        std::size_t begin, end;  // the definition in the primary text
        std::size_t first_here_doc, end_here_doc;  // serials of its unread here-documents
    };
    std::vector<PendingFunctionText> pending_function_texts_;
    std::size_t here_docs_read_ = 0;  // here-documents registered and no longer pending
    // The bodies read last: the serial of the first, and where each began in the text, then
    // where the last ended.
    std::size_t last_batch_first_serial_ = 0;
    std::vector<std::size_t> last_batch_starts_;
    bool last_batch_in_primary_ = false;
    bool strip_tabs_in_scan_ = false;  // while scanning a <<- body
    std::size_t here_doc_begin_ = 0;   // where the body being scanned starts
    // Alias values already read; kept until the lexer goes because tokens point into them.
    std::vector<std::unique_ptr<Source>> retired_alias_texts_;
    // A literal being scanned that is not one slice of the text (escapes, continuations).
    // Shared by nested scans: each flushes its literal before descending.
    std::string literal_scratch_;
};

// Implemented in parser.cpp: parse the program inside $( ... ) starting at `offset` of
// `source`; returns it and sets `end` to the offset just past the closing parenthesis.
const Program* parse_command_substitution(const Source& source, std::size_t offset,
                                                          ParseContext& context, bool text_may_grow,
                                                          std::size_t& end);
// Implemented in parser.cpp: parse a whole separate text (the inside of backquotes).
const Program* parse_nested_text(const Source& source, ParseContext& context);

}  // namespace spawnsh::syntax
