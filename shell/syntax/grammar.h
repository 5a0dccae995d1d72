// The recursive-descent parser proper: one method per production of the XCU 2.10 grammar,
// named after it.  Internal: use parser.h.
#pragma once

#include <optional>
#include <string_view>

#include "shell/syntax/ast.h"
#include "shell/syntax/lexer.h"

namespace spawnsh::syntax {

class GrammarParser {
public:
    explicit GrammarParser(Lexer& lexer) : lexer_(lexer), arena_(lexer.arena()) {}

    // complete_command, after skipping blank lines; nullopt at the end of the text.
    std::optional<CompleteCommand> complete_command();
    // True when the last complete_command() ended at a newline (not at the end of the text).
    bool ended_at_newline() const { return ended_at_newline_; }
    // program: complete commands up to the end of the text.
    Program program();
    // The inside of $( ... ): a possibly empty compound list; leaves the ) unread.
    CommandList substitution_body();
    // Throws "unexpected TOKEN (expecting EXPECTING)" located at the token (for the end of the
    // text: just after the last token read).
    [[noreturn]] void unexpected(const Token& token, std::string_view expecting) const;

private:
    // Where a construct starts: its first token, located when it was read.
    struct Mark {
        const Source* source;
        std::size_t offset;
        LineColumn where;
    };
    static Mark mark_of(const Token& token) { return Mark{token.source, token.begin, token.where}; }

    CommandList list();
    AndOr and_or();
    Pipeline pipeline();
    bool pipeline_prefix(Pipeline& result);
    static std::string_view plain_literal(const Token& token);
    // The command productions build into `out`, a slot in its parent's list (no copies).
    void command(Command& out);
    void compound_command(const Token& first, Mark mark, Command& out);
    Subshell subshell();
    BraceGroup brace_group();
    CommandList compound_list(std::string_view expecting, bool allow_empty = false);
    ForClause for_clause();
    ArenaList<Word> wordlist();
    CaseClause case_clause();
    CaseItem case_item();
    ArenaList<Word> pattern();
    IfClause if_clause();
    LoopClause while_clause(LoopKind kind);
    void function_definition(const Token& name, Mark mark, Command& out);
    CommandList do_group();
    void simple_command(Mark mark, Command& out);
    Redirection io_redirect();
    void redirect_list(ArenaList<Redirection>& into);
    // `mode` is how the word after the newlines is read: a case pattern follows some linebreaks,
    // and a pattern is no command name, so no alias is substituted there (XCU 2.3.1).
    void linebreak(LexMode mode = LexMode::CommandStart);
    bool separator_op_follows() const;

    // helpers
    Mark mark();
    SourceRange range_from(Mark mark) const;
    void consume();
    Word take_word();  // the word of the current (Word) token, which is consumed
    void note_taken(const Token& token);  // remember where the last token read ended
    void expect_reserved(std::string_view word);
    bool starts_command(const Token& token) const;

    Lexer& lexer_;
    Arena& arena_;
    // Ends of tokens: only source and offset are meaningful.
    Mark last_end_{nullptr, 0, {}};       // end of the last token read
    Mark last_text_end_{nullptr, 0, {}};  // same, newlines left out (for end-of-file errors)
    bool ended_at_newline_ = false;
};

// Helpers shared by the grammar (grammar_words.cpp).
bool is_name(std::string_view text);
// The special built-ins of XCU 2.14 (a fixed list: the parser does not consult builtins/).
bool is_special_builtin_name(std::string_view text);
bool split_assignment(const Word& word, Assignment& out, const Source& source, Arena& arena);
std::string here_doc_delimiter(std::string_view raw, bool& quoted);

}  // namespace spawnsh::syntax
