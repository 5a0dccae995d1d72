// The parser's public entry points (parser.h) and the nested parses the lexer asks for.
#include "shell/syntax/parser.h"

#include <utility>

#include "shell/syntax/grammar.h"
#include "shell/syntax/stack_limit.h"

namespace spawnsh::syntax {

const Program* parse_command_substitution(const Source& source, std::size_t offset,
                                          ParseContext& context, bool text_may_grow,
                                          std::size_t& end) {
    Lexer lexer(source, offset, context, text_may_grow);
    GrammarParser parser(lexer);
    Program* program = context.arena->make<Program>();
    CommandList body = parser.substitution_body();
    if (!body.items.empty()) program->commands.push_back(*context.arena, body);
    const Token& close = lexer.peek();
    if (close.kind != TokenKind::RParen || close.source != &source) {
        parser.unexpected(close, "')'");
    }
    if (lexer.has_pending_here_documents()) {
        lexer.fail_at_token(close, "here-document without a body before ')'");
    }
    end = close.end;
    program->range = source.range(offset, close.begin);
    return program;
}

const Program* parse_nested_text(const Source& source, ParseContext& context) {
    Lexer lexer(source, 0, context, /*text_may_grow=*/false);
    GrammarParser parser(lexer);
    return context.arena->make<Program>(parser.program());
}

namespace {

// A whole-text parse: a fresh context whose tree goes into a new arena held by the result;
// on a syntax error the result keeps the error and drops the arena.
template <class Result, class Parse>
Result parse_whole(const ParseOptions& options, Parse parse) {
    Result result;
    result.arena = Arena::create();
    ParseContext context;
    context.aliases = options.aliases;
    context.max_depth = options.max_nesting;
    context.stack_floor = parser_stack_floor();
    context.arena = result.arena.get();
    try {
        parse(context, result);
    } catch (SyntaxFailure& failure) {
        result.error = std::move(failure.error);
        result.arena.reset();
    }
    return result;
}

}  // namespace

ParseResult parse_program(const Source& source, const ParseOptions& options) {
    return parse_whole<ParseResult>(options, [&](ParseContext& context, ParseResult& result) {
        Lexer lexer(source, 0, context, /*text_may_grow=*/true);
        GrammarParser parser(lexer);
        result.program = parser.program();
    });
}

TextParseResult parse_here_document_text(const Source& source, const ParseOptions& options) {
    return parse_whole<TextParseResult>(options,
                                        [&](ParseContext& context, TextParseResult& result) {
        Lexer lexer(source, 0, context, /*text_may_grow=*/false);
        result.word = lexer.read_here_document_text();
    });
}

Parser::Parser(std::shared_ptr<Source> source, ParseOptions options)
    : source_(std::move(source)) {
    context_.aliases = std::move(options.aliases);
    context_.max_depth = options.max_nesting;
}

Parser::Parser(std::string_view name, ParseOptions options)
    : Parser(std::make_shared<Source>(name, std::string()), std::move(options)) {}

Parser::~Parser() = default;

void Parser::feed(std::string_view text) {
    forget_parsed_text();
    source_->append(text);
}

void Parser::discard_pending() {
    lexer_.reset();
    lexer_arena_.reset();
    offset_ = source_->size();
}

void Parser::forget_parsed_text() {
    // Only between commands: no lexer carried over (an alias value being read). The trees
    // already made do not point into the text (literal text is copied into their arena,
    // function bodies keep a copy of their source), so the parsed text can go; what follows
    // keeps its line numbers.
    if (lexer_ || offset_ == 0) return;
    if (source_.use_count() == 1) {
        source_->drop_before(offset_);  // the common case: no allocation
    } else {
        const LineColumn next = source_->locate(offset_);
        std::string rest(source_->text().substr(offset_));
        source_ = std::make_shared<Source>(source_->name(), std::move(rest), next.line, next.column);
    }
    offset_ = 0;
}

ParseStep Parser::next_command(InputState state) {
    if (!lexer_ && offset_ == source_->size()) {
        // Everything fed is parsed (the usual question after each complete line): no arena
        // and no lexer for an answer known in advance.
        return ParseStep{};
    }
    context_.more_input_may_follow = state == InputState::MoreMayFollow;
    context_.depth = 0;
    context_.stack_floor = parser_stack_floor();  // this thread's, whichever thread calls
    ParseStep step;
    step.arena = Arena::create();
    // A lexer is only carried over while it is inside an alias value (a value may hold more
    // than one command); otherwise start afresh, which also picks up newly fed text.
    if (!lexer_ || !lexer_->in_alias()) {
        lexer_ = std::make_unique<Lexer>(*source_, offset_, context_, /*text_may_grow=*/true);
    } else if (lexer_arena_) {
        // The carried lexer may hold a token or here-document of the previous command's arena
        // that ends up in this command's tree: keep that arena alive with this one.
        step.arena->make_owned<std::shared_ptr<Arena>>(std::move(lexer_arena_));
    }
    context_.arena = step.arena.get();
    parse_step(step, state);
    if (step.status != ParseStatus::Complete) step.arena.reset();
    // The arena the lexer allocates from must live as long as the lexer.
    lexer_arena_ = lexer_ ? step.arena : nullptr;
    if (!lexer_) context_.arena = nullptr;
    return step;
}

void Parser::parse_step(ParseStep& step, InputState state) {
    try {
        GrammarParser parser(*lexer_);
        std::optional<CompleteCommand> command = parser.complete_command();
        if (!command) {
            offset_ = lexer_->primary_offset();
            lexer_.reset();
            step.status = ParseStatus::EndOfInput;
            return;
        }
        if (state == InputState::MoreMayFollow && !parser.ended_at_newline()) {
            lexer_.reset();
            step.status = ParseStatus::Incomplete;
            return;
        }
        offset_ = lexer_->primary_offset();
        if (!lexer_->in_alias()) lexer_.reset();
        step.status = ParseStatus::Complete;
        step.command = std::move(command);
    } catch (SyntaxFailure& failure) {
        lexer_.reset();
        if (state == InputState::MoreMayFollow && failure.error.incomplete) {
            step.status = ParseStatus::Incomplete;
        } else {
            step.status = ParseStatus::Error;
            step.error = std::move(failure.error);
        }
    } catch (...) {
        // Anything else (bad_alloc) unwinds past the step's arena: drop every pointer into it.
        lexer_.reset();
        lexer_arena_.reset();
        context_.arena = nullptr;
        throw;
    }
}

}  // namespace spawnsh::syntax
