// XCU 2.10.2 grammar rules, one method per production (compound commands are in
// grammar_compound.cpp, word helpers in grammar_words.cpp).
#include "shell/syntax/grammar.h"

#include <utility>

namespace spawnsh::syntax {

namespace {

bool is_closing_reserved_word(const Token& token) {
    static constexpr std::string_view kClosing[] = {"}", "do", "done", "elif", "else",
                                                    "esac", "fi", "then", "in"};
    if (token.kind != TokenKind::Word || token.reserved.empty()) return false;
    for (std::string_view word : kClosing) {
        if (token.is_literal(word)) return true;
    }
    return false;
}

RedirectionOp redirection_op(TokenKind kind) {
    switch (kind) {
    case TokenKind::Great: return RedirectionOp::Output;
    case TokenKind::Clobber: return RedirectionOp::Clobber;
    case TokenKind::DGreat: return RedirectionOp::Append;
    case TokenKind::LessGreat: return RedirectionOp::ReadWrite;
    case TokenKind::LessAnd: return RedirectionOp::DupInput;
    case TokenKind::GreatAnd: return RedirectionOp::DupOutput;
    case TokenKind::DLess: return RedirectionOp::HereDoc;
    case TokenKind::DLessDash: return RedirectionOp::HereDocStrip;
    default: return RedirectionOp::Input;
    }
}

}  // namespace

// ---- helpers -------------------------------------------------------------------------------

GrammarParser::Mark GrammarParser::mark() {
    return mark_of(lexer_.peek());
}

SourceRange GrammarParser::range_from(Mark start) const {
    const std::size_t stop =
        last_end_.source == start.source && last_end_.offset >= start.offset ? last_end_.offset
                                                                            : start.offset;
    return start.source->range(start.offset, start.where, stop);
}

Word GrammarParser::take_word() {
    note_taken(lexer_.peek());
    return lexer_.take_word();
}

void GrammarParser::consume() {
    note_taken(lexer_.peek());
    lexer_.consume();
}

void GrammarParser::note_taken(const Token& token) {
    last_end_ = Mark{token.source, token.end, {}};
    if (token.kind != TokenKind::Newline) last_text_end_ = last_end_;
}

void GrammarParser::unexpected(const Token& token, std::string_view expecting) const {
    std::string message = "unexpected " + describe_token(token);
    if (!expecting.empty()) {
        message += " (expecting ";
        message += expecting;
        message += ')';
    }
    // The end of the text is shown just after the last token read (`if true; then` ^), which
    // says more than an empty last line.
    if (token.kind == TokenKind::End && last_text_end_.source != nullptr) {
        lexer_.fail_at(*last_text_end_.source, last_text_end_.offset, last_text_end_.offset,
                       std::move(message), true);
    }
    lexer_.fail_at_token(token, std::move(message));
}

void GrammarParser::expect_reserved(std::string_view word) {
    const Token& token = lexer_.peek(LexMode::CommandStart);
    if (!token.is_literal(word)) unexpected(token, "'" + std::string(word) + "'");
    consume();
}

bool GrammarParser::starts_command(const Token& token) const {
    switch (token.kind) {
    case TokenKind::Word:
        return !is_closing_reserved_word(token);
    case TokenKind::IoNumber:
    case TokenKind::LParen:
        return true;
    default:
        return token.is_redirection_op();
    }
}

// linebreak: newline_list | /* empty */
void GrammarParser::linebreak(LexMode mode) {
    while (lexer_.peek(mode).kind == TokenKind::Newline) consume();
}

// ---- program structure ----------------------------------------------------------------------

// program: linebreak complete_commands linebreak | linebreak
Program GrammarParser::program() {
    Program program;
    const Mark start = mark();
    while (auto command = complete_command()) program.commands.push_back(arena_, *command);
    program.range = range_from(start);
    return program;
}

// complete_command: list separator_op | list   (followed by a newline or the end)
std::optional<CompleteCommand> GrammarParser::complete_command() {
    ended_at_newline_ = false;
    linebreak();
    const Token& first = lexer_.peek(LexMode::CommandStart);
    if (first.kind == TokenKind::End) return std::nullopt;
    if (!starts_command(first)) unexpected(first, "");
    CommandList result = list();
    const Token& after = lexer_.peek();
    if (after.kind == TokenKind::Newline) {
        consume();
        ended_at_newline_ = true;
    } else if (after.kind != TokenKind::End) {
        unexpected(after, "");
    }
    return result;
}

// list: list separator_op and_or | and_or
CommandList GrammarParser::list() {
    CommandList result;
    const Mark start = mark();
    for (;;) {
        const Mark item_start = mark();
        ListItem item;
        item.and_or = and_or();
        const Token& token = lexer_.peek();
        const bool separated = token.kind == TokenKind::Semi || token.kind == TokenKind::Amp;
        if (separated) {
            item.async = token.kind == TokenKind::Amp;
            consume();
        }
        item.range = range_from(item_start);
        result.items.push_back(arena_, item);
        if (!separated) break;
        const Token& next = lexer_.peek(LexMode::CommandStart);
        if (next.kind == TokenKind::Newline || next.kind == TokenKind::End) break;
        if (!starts_command(next)) unexpected(next, "");
    }
    result.range = range_from(start);
    return result;
}

// compound_list: linebreak term | linebreak term separator
// term: term separator and_or | and_or
CommandList GrammarParser::compound_list(std::string_view expecting, bool allow_empty) {
    CommandList result;
    linebreak();
    const Mark start = mark();
    for (;;) {
        const Token& first = lexer_.peek(LexMode::CommandStart);
        if (!starts_command(first)) {
            if (result.items.empty() && !allow_empty) {
                unexpected(first, first.kind == TokenKind::End ? expecting : "a command");
            }
            break;
        }
        const Mark item_start = mark();
        ListItem item;
        item.and_or = and_or();
        const Token& token = lexer_.peek();
        bool separated = false;
        if (token.kind == TokenKind::Semi || token.kind == TokenKind::Amp) {
            item.async = token.kind == TokenKind::Amp;
            consume();
            separated = true;
        }
        item.range = range_from(item_start);
        if (lexer_.peek().kind == TokenKind::Newline) separated = true;
        result.items.push_back(arena_, item);
        linebreak();
        if (!separated) {
            const Token& next = lexer_.peek(LexMode::CommandStart);
            if (starts_command(next)) unexpected(next, expecting);
            break;
        }
    }
    result.range = range_from(start);
    return result;
}

// and_or: pipeline | and_or AND_IF linebreak pipeline | and_or OR_IF linebreak pipeline
AndOr GrammarParser::and_or() {
    AndOr result;
    const Mark start = mark();
    result.links.push_back(arena_, AndOrLink{AndOrOp::First, pipeline()});
    for (;;) {
        const Token& token = lexer_.peek();
        if (token.kind != TokenKind::AndIf && token.kind != TokenKind::OrIf) break;
        const AndOrOp op = token.kind == TokenKind::AndIf ? AndOrOp::And : AndOrOp::Or;
        consume();
        linebreak();
        result.links.push_back(arena_, AndOrLink{op, pipeline()});
    }
    result.range = range_from(start);
    return result;
}

// pipeline: pipe_sequence | Bang pipe_sequence
//         | time [-p] [-v] [Bang] pipe_sequence | Bang time ... | time   (XCU 2.9.2 lets `time`
//           be reserved; bash, ksh, mksh and zsh reserve it)
// pipe_sequence: command | pipe_sequence '|' linebreak command
Pipeline GrammarParser::pipeline() {
    Pipeline result;
    const Mark start = mark();
    // Most pipelines start with an ordinary word: only a reserved one pays for the checks.
    if (!lexer_.peek(LexMode::CommandStart).reserved.empty()) {
        if (pipeline_prefix(result)) {
            result.range = range_from(start);
            return result;
        }
    }
    command(result.commands.emplace_back(arena_));
    while (lexer_.peek().kind == TokenKind::Pipe) {
        consume();
        linebreak();
        command(result.commands.emplace_back(arena_));
    }
    result.range = range_from(start);
    return result;
}

// `!` and `time [-p] [-v]` before a pipeline.  Returns true for a lone `time` (it times
// nothing, as in bash), which has no command after it.
bool GrammarParser::pipeline_prefix(Pipeline& result) {
    // `!` is reserved only at the very start of a pipeline (or just after `time`), so `! ! cmd`
    // is an error, as in dash (bash and ksh accept it).  `! { ! cmd; }` is fine: the inner one
    // starts a pipeline.
    auto bang = [&] {
        result.negated = true;
        consume();
        const Token& next = lexer_.peek(LexMode::CommandStart);
        if (next.is_literal("!")) unexpected(next, "a command");
    };
    if (lexer_.peek(LexMode::CommandStart).is_literal("!")) bang();
    if (!lexer_.peek(LexMode::CommandStart).is_literal("time")) return false;
    consume();
    result.timed = true;
    // Options: -p, -v, -pv, -vp, and -- to end them; any other word is the command (bash
    // runs `time -x` as the command -x).
    for (;;) {
        const Token& token = lexer_.peek(LexMode::CommandStart);
        const std::string_view text = plain_literal(token);
        if (text.size() < 2 || text[0] != '-' || text.size() > 3) break;
        if (text == "--") {
            consume();
            break;
        }
        bool posix = false, verbose = false, other = false;
        for (char c : text.substr(1)) {
            if (c == 'p') posix = true;
            else if (c == 'v') verbose = true;
            else other = true;
        }
        if (other) break;
        result.time_posix = result.time_posix || posix;
        result.time_verbose = result.time_verbose || verbose;
        consume();
    }
    const Token& next = lexer_.peek(LexMode::CommandStart);
    if (next.is_literal("!")) {
        if (result.negated) unexpected(next, "a command");
        bang();
        return false;
    }
    if (starts_command(next)) return false;
    // A lone `time` ends where a list may end; `time | x`, `time && x` are errors, as in bash.
    if (next.kind == TokenKind::Pipe || next.kind == TokenKind::AndIf ||
        next.kind == TokenKind::OrIf) {
        unexpected(next, "a command");
    }
    return true;
}

// The text of a word token made of one unquoted literal, else empty.
std::string_view GrammarParser::plain_literal(const Token& token) {
    if (token.kind != TokenKind::Word || token.word.parts.size() != 1) return {};
    const auto* literal = std::get_if<LiteralPart>(&token.word.parts[0].value);
    return literal ? std::string_view(literal->text) : std::string_view();
}

// command: simple_command | compound_command | compound_command redirect_list
//        | function_definition
void GrammarParser::command(Command& out) {
    const Token& first = lexer_.peek(LexMode::CommandStart);
    const Mark start = mark_of(first);
    if (first.kind == TokenKind::LParen) return compound_command(first, start, out);
    if (first.kind == TokenKind::Word) {
        static constexpr std::string_view kCompoundStarts[] = {"{", "if", "while", "until",
                                                               "for", "case"};
        for (std::string_view word : kCompoundStarts) {
            if (first.is_literal(word)) return compound_command(first, start, out);
        }
        // `!` is only reserved at the start of a pipeline (`a | ! b` is an error, as in dash).
        if (is_closing_reserved_word(first) || first.is_literal("!")) unexpected(first, "a command");
        return simple_command(start, out);
    }
    if (first.kind == TokenKind::IoNumber || first.is_redirection_op()) {
        return simple_command(start, out);
    }
    unexpected(first, "a command");
}

// compound_command: brace_group | subshell | for_clause | case_clause | if_clause
//                 | while_clause | until_clause      (followed by an optional redirect_list)
void GrammarParser::compound_command(const Token& first, Mark start, Command& result) {
    DepthGuard guard(lexer_.context(), *first.source, first.begin);
    if (first.kind == TokenKind::LParen) {
        result.value = subshell();
    } else if (first.is_literal("{")) {
        result.value = brace_group();
    } else if (first.is_literal("if")) {
        result.value = if_clause();
    } else if (first.is_literal("while")) {
        result.value = while_clause(LoopKind::While);
    } else if (first.is_literal("until")) {
        result.value = while_clause(LoopKind::Until);
    } else if (first.is_literal("for")) {
        result.value = for_clause();
    } else {
        result.value = case_clause();
    }
    redirect_list(result.redirections);
    result.range = range_from(start);
}

// simple_command: cmd_prefix cmd_word cmd_suffix | cmd_prefix cmd_word | cmd_prefix
//               | cmd_name cmd_suffix | cmd_name
// cmd_prefix: io_redirect | cmd_prefix io_redirect | ASSIGNMENT_WORD | cmd_prefix ASSIGNMENT_WORD
// cmd_suffix: io_redirect | cmd_suffix io_redirect | WORD | cmd_suffix WORD
void GrammarParser::simple_command(Mark start, Command& out) {
    SimpleCommand& simple = out.value.emplace<SimpleCommand>();
    simple.words.reserve(arena_, 4);  // most commands have a few words: no regrowth
    bool have_name = false;
    for (;;) {
        const Token& token = lexer_.peek(have_name ? LexMode::Normal : LexMode::CommandStart);
        if (token.kind == TokenKind::IoNumber || token.is_redirection_op()) {
            simple.redirections.push_back(arena_, io_redirect());
            continue;
        }
        if (token.kind != TokenKind::Word) break;
        if (!have_name) {
            Assignment assignment;
            Token word = lexer_.take();
            note_taken(word);
            if (split_assignment(word.word, assignment, *word.source, arena_)) {
                assignment.range = word.source->range(word.begin, word.where, word.end);
                simple.assignments.push_back(arena_, assignment);
                continue;
            }
            // function_definition: fname '(' ')' linebreak function_body
            if (simple.assignments.empty() && simple.redirections.empty() &&
                lexer_.peek().kind == TokenKind::LParen) {
                return function_definition(word, start, out);
            }
            simple.words.push_back(arena_, word.word);
            have_name = true;
            continue;
        }
        simple.words.push_back(arena_, take_word());
    }
    if (simple.words.empty() && simple.assignments.empty() && simple.redirections.empty()) {
        unexpected(lexer_.peek(), "a command");
    }
    out.range = range_from(start);
}

// io_redirect: io_file | IO_NUMBER io_file | io_here | IO_NUMBER io_here
// io_file: '<' filename | LESSAND filename | '>' filename | GREATAND filename
//        | DGREAT filename | LESSGREAT filename | CLOBBER filename
// io_here: DLESS here_end | DLESSDASH here_end
Redirection GrammarParser::io_redirect() {
    Redirection result;
    const Mark start = mark();
    if (lexer_.peek().kind == TokenKind::IoNumber) {
        result.io_number = lexer_.peek().io_number;
        consume();
    }
    const Token& op = lexer_.peek();
    if (!op.is_redirection_op()) unexpected(op, "a redirection operator");
    result.op = redirection_op(op.kind);
    consume();
    const Token& target = lexer_.peek();
    if (target.kind != TokenKind::Word) unexpected(target, "a word");
    if (result.op == RedirectionOp::HereDoc || result.op == RedirectionOp::HereDocStrip) {
        // here_end: the delimiter is the word after quote removal, never expanded.
        result.here_doc = arena_.make<HereDocument>();
        result.here_doc->strip_tabs = result.op == RedirectionOp::HereDocStrip;
        result.here_doc->delimiter =
            arena_.copy(here_doc_delimiter(target.text(), result.here_doc->quoted));
    }
    result.target = take_word();
    // Registered before anything else is read: the body starts after the next newline token.
    if (result.here_doc) lexer_.add_here_document(result.here_doc);
    result.range = range_from(start);
    return result;
}

// redirect_list: io_redirect | redirect_list io_redirect
void GrammarParser::redirect_list(ArenaList<Redirection>& into) {
    for (;;) {
        const Token& token = lexer_.peek();
        if (token.kind != TokenKind::IoNumber && !token.is_redirection_op()) return;
        into.push_back(arena_, io_redirect());
    }
}

// function_definition: fname '(' ')' linebreak function_body
// function_body: compound_command | compound_command redirect_list
void GrammarParser::function_definition(const Token& name, Mark start, Command& out) {
    // The literal's text, not the token's source text: line continuations are removed there.
    const auto* literal = name.word.parts.size() == 1
                              ? std::get_if<LiteralPart>(&name.word.parts[0].value)
                              : nullptr;
    const std::string_view text = literal ? std::string_view(literal->text) : std::string_view();
    if (!literal || text.find('=') != std::string_view::npos || is_reserved_word(text)) {
        lexer_.fail_at_token(name, "bad function name " + describe_token(name));
    }
    // POSIX leaves a function named like a special built-in unspecified (it could never be
    // called: special built-ins are found first); dash rejects it while parsing, and so do we.
    if (is_special_builtin_name(text)) {
        lexer_.fail_at_token(name, "bad function name " + describe_token(name) +
                                       " (a special built-in)");
    }
    consume();  // (
    const Token& close = lexer_.peek();
    if (close.kind != TokenKind::RParen) unexpected(close, "')'");
    consume();
    linebreak();
    const Token& body_start = lexer_.peek(LexMode::CommandStart);
    const bool compound = body_start.kind == TokenKind::LParen || body_start.is_literal("{") ||
                          body_start.is_literal("if") || body_start.is_literal("while") ||
                          body_start.is_literal("until") || body_start.is_literal("for") ||
                          body_start.is_literal("case");
    if (!compound) unexpected(body_start, "a function body");
    FunctionDefinition definition;
    definition.name = text;  // the literal's text, already in the arena
    definition.name_range = name.word.range;
    definition.arena = &arena_;
    const Mark body_mark = mark_of(body_start);
    const std::size_t first_here_doc = lexer_.here_documents_registered();
    Command* body = arena_.make<Command>();
    compound_command(body_start, body_mark, *body);
    definition.body = body;
    out.range = range_from(start);
    std::string_view* definition_text = arena_.make<std::string_view>();
    lexer_.keep_function_text(*definition_text, *start.source, out.range.offset,
                              out.range.end_offset(), first_here_doc);
    definition.text = definition_text;
    out.value = definition;
}

// The inside of $( ... ): linebreak [complete_commands] linebreak, ended by ')'.
CommandList GrammarParser::substitution_body() {
    return compound_list("')'", /*allow_empty=*/true);
}

}  // namespace spawnsh::syntax
