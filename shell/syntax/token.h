// Tokens of XCU 2.3/2.10: operators, words, IO numbers, newlines and the end of input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "shell/syntax/ast.h"
#include "shell/syntax/source.h"

namespace spawnsh::syntax {

enum class TokenKind {
    Word,       // WORD / NAME / ASSIGNMENT_WORD / reserved words (told apart by the parser)
    IoNumber,   // digits immediately followed by < or >   (2>)
    Newline,    // \n
    End,        // end of the text
    AndIf,      // &&
    OrIf,       // ||
    DSemi,      // ;;
    SemiAnd,    // ;&
    DLess,      // <<
    DGreat,     // >>
    LessAnd,    // <&
    GreatAnd,   // >&
    LessGreat,  // <>
    DLessDash,  // <<-
    Clobber,    // >|
    LParen,     // (
    RParen,     // )
    Semi,       // ;
    Amp,        // &
    Pipe,       // |
    Less,       // <
    Great,      // >
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::size_t begin = 0;          // byte offsets into `source`
    std::size_t end = 0;
    const Source* source = nullptr; // the text the token was read from (an alias value, maybe)
    LineColumn where;               // line and column of `begin` (located once, when read)
    Word word;                      // for TokenKind::Word
    int io_number = -1;             // for TokenKind::IoNumber
    // For a Word that is spelled like a reserved word (unquoted), that word; else empty.
    // Whether it *is* one depends on where it stands, which the parser decides.
    std::string_view reserved;

    std::string_view text() const { return source->text().substr(begin, end - begin); }
    // True for a Word token spelled exactly like this reserved word, unquoted.
    bool is_literal(std::string_view reserved_word) const {
        return kind == TokenKind::Word && reserved == reserved_word;
    }
    bool is_redirection_op() const;
};

// How a token is named in error messages: 'fi', '&&', newline, end of file.
std::string describe_token(const Token& token);
std::string_view token_kind_spelling(TokenKind kind);

// XCU 2.4 reserved words.
bool is_reserved_word(std::string_view text);
// The static spelling of `text` if it is a reserved word, else an empty view.
std::string_view reserved_word_spelling(std::string_view text);

}  // namespace spawnsh::syntax
