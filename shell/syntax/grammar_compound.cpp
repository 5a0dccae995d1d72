// XCU 2.10.2 grammar rules for compound commands.
#include <utility>

#include "shell/syntax/grammar.h"

namespace spawnsh::syntax {

// subshell: '(' compound_list ')'
Subshell GrammarParser::subshell() {
    consume();  // (
    Subshell result;
    result.body = compound_list("')'");
    const Token& close = lexer_.peek();
    if (close.kind != TokenKind::RParen) unexpected(close, "')'");
    consume();
    return result;
}

// brace_group: Lbrace compound_list Rbrace
BraceGroup GrammarParser::brace_group() {
    consume();  // {
    BraceGroup result;
    result.body = compound_list("'}'");
    expect_reserved("}");
    return result;
}

// do_group: Do compound_list Done
CommandList GrammarParser::do_group() {
    expect_reserved("do");
    CommandList body = compound_list("'done'");
    expect_reserved("done");
    return body;
}

// for_clause: For name do_group
//           | For name sequential_sep do_group
//           | For name linebreak in sequential_sep do_group
//           | For name linebreak in wordlist sequential_sep do_group
ForClause GrammarParser::for_clause() {
    consume();  // for
    ForClause result;
    const Token& name = lexer_.peek();
    if (name.kind != TokenKind::Word) unexpected(name, "a variable name");
    if (!is_name(name.text()) || name.word.parts.size() != 1) {
        lexer_.fail_at_token(name, "bad for loop variable " + describe_token(name));
    }
    result.name = arena_.copy(name.text());
    result.name_range = name.word.range;
    consume();

    const Token& after_name = lexer_.peek();
    if (after_name.kind == TokenKind::Semi) {  // sequential_sep without `in`
        consume();
        linebreak();
    } else {
        linebreak();
        const Token& keyword = lexer_.peek(LexMode::CommandStart);
        if (keyword.is_literal("in")) {
            consume();
            result.words = wordlist();
            // sequential_sep: ';' linebreak | newline_list
            const Token& sep = lexer_.peek();
            if (sep.kind == TokenKind::Semi || sep.kind == TokenKind::Newline) {
                consume();
                linebreak();
            } else {
                unexpected(sep, "';' or newline");
            }
        } else if (!keyword.is_literal("do")) {
            unexpected(keyword, "'in' or 'do'");
        }
    }
    result.body = do_group();
    return result;
}

// wordlist: wordlist WORD | WORD   (here also empty, for `for x in; do`)
ArenaList<Word> GrammarParser::wordlist() {
    ArenaList<Word> words;
    while (lexer_.peek().kind == TokenKind::Word) {
        words.push_back(arena_, take_word());
    }
    return words;
}

// case_clause: Case WORD linebreak in linebreak case_list Esac
//            | Case WORD linebreak in linebreak case_list_ns Esac
//            | Case WORD linebreak in linebreak Esac
CaseClause GrammarParser::case_clause() {
    consume();  // case
    CaseClause result;
    const Token& subject = lexer_.peek();
    if (subject.kind != TokenKind::Word) unexpected(subject, "a word");
    result.subject = take_word();
    linebreak();
    const Token& in = lexer_.peek();
    if (!in.is_literal("in")) unexpected(in, "'in'");
    consume();
    linebreak(LexMode::Normal);  // a pattern or `esac` follows
    for (;;) {
        const Token& next = lexer_.peek();
        if (next.is_literal("esac")) {
            consume();
            break;
        }
        CaseItem item = case_item();
        const bool last = item.terminator == CaseTerminator::None;
        result.items.push_back(arena_, item);
        if (last) {
            expect_reserved("esac");
            break;
        }
    }
    return result;
}

// case_item: pattern ')' linebreak DSEMI linebreak | pattern ')' compound_list DSEMI linebreak
//          | '(' pattern ')' ...   and the case_item_ns forms without DSEMI (last item);
//          ';&' (fall through) accepted where DSEMI is.
CaseItem GrammarParser::case_item() {
    CaseItem item;
    const Mark start = mark();
    if (lexer_.peek().kind == TokenKind::LParen) consume();
    item.patterns = pattern();
    const Token& close = lexer_.peek();
    if (close.kind != TokenKind::RParen) unexpected(close, "')' or '|'");
    consume();
    linebreak();
    const Token& body_start = lexer_.peek(LexMode::CommandStart);
    if (starts_command(body_start)) item.body = compound_list("';;' or 'esac'");
    const Token& terminator = lexer_.peek();
    if (terminator.kind == TokenKind::DSemi || terminator.kind == TokenKind::SemiAnd) {
        item.terminator = terminator.kind == TokenKind::DSemi ? CaseTerminator::Break
                                                             : CaseTerminator::FallThrough;
        consume();
        item.range = range_from(start);
        linebreak(LexMode::Normal);  // the next pattern or `esac`
        return item;
    }
    if (!terminator.is_literal("esac")) unexpected(terminator, "';;' or 'esac'");
    item.range = range_from(start);
    return item;
}

// pattern: WORD | pattern '|' WORD
ArenaList<Word> GrammarParser::pattern() {
    ArenaList<Word> patterns;
    for (;;) {
        const Token& word = lexer_.peek();
        if (word.kind != TokenKind::Word) unexpected(word, "a pattern");
        patterns.push_back(arena_, take_word());
        if (lexer_.peek().kind != TokenKind::Pipe) return patterns;
        consume();
    }
}

// if_clause: If compound_list Then compound_list else_part Fi
//          | If compound_list Then compound_list Fi
// else_part: Elif compound_list Then compound_list [else_part] | Else compound_list
IfClause GrammarParser::if_clause() {
    IfClause result;
    Mark branch_start = mark();
    consume();  // if
    for (;;) {
        IfBranch branch;
        branch.condition = compound_list("'then'");
        expect_reserved("then");
        branch.body = compound_list("'fi'");
        branch.range = range_from(branch_start);
        result.branches.push_back(arena_, branch);
        const Token& next = lexer_.peek(LexMode::CommandStart);
        if (next.is_literal("elif")) {
            branch_start = mark();
            consume();
            continue;
        }
        if (next.is_literal("else")) {
            consume();
            result.else_body = compound_list("'fi'");
        }
        expect_reserved("fi");
        return result;
    }
}

// while_clause: While compound_list do_group
// until_clause: Until compound_list do_group
LoopClause GrammarParser::while_clause(LoopKind kind) {
    consume();  // while / until
    LoopClause result;
    result.kind = kind;
    result.condition = compound_list("'do'");
    result.body = do_group();
    return result;
}

}  // namespace spawnsh::syntax
