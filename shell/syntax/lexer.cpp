// Token recognition (XCU 2.3), here-document bodies (2.7.4) and alias substitution (2.3.1).
// Word structure (quotes and expansions) is in word_scanner.cpp.
#include "shell/syntax/lexer.h"

#include "shell/syntax/stack_limit.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace spawnsh::syntax {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }


}  // namespace

DepthGuard::DepthGuard(ParseContext& context, const Source& source, std::size_t offset)
    : context_(context) {
    const bool out_of_stack =
        context_.stack_floor != 0 && current_stack_position() < context_.stack_floor;
    if (++context_.depth > context_.max_depth || out_of_stack) {
        --context_.depth;
        ParseError error;
        error.where = source.range(offset, offset + 1);
        error.message = out_of_stack
                            ? "nesting too deep for the stack (" + std::to_string(context_.depth) +
                                  " levels of compound commands and substitutions)"
                            : "nesting too deep (the limit is " +
                                  std::to_string(context_.max_depth) +
                                  " levels of compound commands and substitutions)";
        error.source_line = std::string(source.line_containing(offset));
        throw SyntaxFailure{std::move(error)};
    }
}

Lexer::Lexer(const Source& source, std::size_t offset, ParseContext& context, bool text_may_grow)
    : source_(&source),
      primary_(&source),
      text_(source.text()),
      pos_(offset),
      end_(source.size()),
      context_(context),
      text_may_grow_(text_may_grow) {}

const Token& Lexer::peek_new(LexMode mode) {
    if (!has_token_) {
        read_token();
        // Set while reading this token if it follows an alias value ending in a blank.
        const bool check_alias_anyway = check_next_word_for_alias_;
        check_next_word_for_alias_ = false;
        has_token_ = true;
        token_alias_checked_ = false;
        if (check_alias_anyway) mode = LexMode::CommandStart;
    }
    if (mode == LexMode::CommandStart && !token_alias_checked_) maybe_substitute_alias();
    return token_;
}

Token Lexer::take(LexMode mode) {
    peek(mode);
    has_token_ = false;
    Token taken = token_;
    token_.word.parts = WordParts();  // the caller owns that list now
    return taken;
}

void Lexer::add_here_document(HereDocument* doc) { pending_here_docs_.push_back(doc); }

void Lexer::keep_function_text(std::string_view& slot, const Source& source, std::size_t begin,
                               std::size_t end, std::size_t first_here_doc) {
    slot = {};
    // A definition begun or ended inside an alias value has no one piece of text.
    if (&source != primary_ || in_alias() || end < begin) return;
    const std::string_view text = primary_->text();
    const std::size_t first_unread = std::max(first_here_doc, here_docs_read_);
    if (first_unread < here_documents_registered()) {
        pending_function_texts_.push_back(
            PendingFunctionText{&slot, begin, end, first_unread, here_documents_registered()});
        return;
    }
    // The parser may have looked past the definition (for redirections after its body) and so
    // made the lexer read the bodies of its here-documents already: they are the last batch.
    const std::size_t from_serial = std::max(first_here_doc, last_batch_first_serial_);
    const std::size_t index = from_serial - last_batch_first_serial_;
    if (last_batch_in_primary_ && from_serial < here_docs_read_ &&
        index + 1 < last_batch_starts_.size() && last_batch_starts_[index] >= end) {
        const std::size_t from = last_batch_starts_[index];
        const std::size_t to = last_batch_starts_.back();
        std::string whole(text.substr(begin, end - begin));
        whole += '\n';
        whole.append(text.substr(from, to - from));
        slot = arena().copy(whole);
        return;
    }
    slot = arena().copy(text.substr(begin, end - begin));
}

void Lexer::fail_at(const Source& source, std::size_t begin, std::size_t end, std::string message,
                    bool at_end_of_text) const {
    ParseError error;
    error.where = source.range(begin, end);
    error.message = std::move(message);
    error.source_line = std::string(source.line_containing(begin));
    error.incomplete = at_end_of_text && text_may_grow_ && &source == primary_;
    throw SyntaxFailure{std::move(error)};
}

void Lexer::fail_at_token(const Token& token, std::string message) const {
    fail_at(*token.source, token.begin, token.end, std::move(message),
            token.kind == TokenKind::End);
}

std::size_t Lexer::skip_continuations(std::size_t at) const {
    while (at + 1 < end_ && text_[at] == '\\' && text_[at + 1] == '\n') at += 2;
    return at;
}

void Lexer::skip_blanks_and_comments() {
    for (;;) {
        const char* text = text_.data();
        const std::size_t end = end_;
        std::size_t at = pos_;
        while (at < end) {
            const char c = text[at];
            if (is_blank(c)) {
                ++at;
            } else if (c == '\\' && at + 1 < end && text[at + 1] == '\n') {
                at += 2;  // line continuation between tokens
            } else {
                break;
            }
        }
        if (at < end && text[at] == '#') {
            const void* newline = std::memchr(text + at, '\n', end - at);
            at = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text) : end;
        }
        pos_ = at;
        if (at < end || alias_stack_.empty()) return;
        leave_alias_value();
    }
}

void Lexer::leave_alias_value() {
    // The alias value is used up: continue with the text it replaced.
    AliasFrame& frame = alias_stack_.back();
    if (frame.ends_in_blank) check_next_word_for_alias_ = true;
    source_ = frame.outer_source;
    text_ = source_->text();
    pos_ = frame.outer_pos;
    end_ = frame.outer_end;
    retired_alias_texts_.push_back(std::move(frame.text));
    alias_stack_.pop_back();
}

void Lexer::read_token() {
    // Most tokens follow one space: skip spaces here, the rest (tabs, continuations,
    // comments, the end of an alias value) in skip_blanks_and_comments.
    while (pos_ < end_ && text_[pos_] == ' ') ++pos_;
    if (pos_ >= end_ ? !alias_stack_.empty()
                     : text_[pos_] == '\t' || text_[pos_] == '\\' || text_[pos_] == '#') {
        skip_blanks_and_comments();
    }
    token_.source = source_;
    token_.begin = pos_;
    token_.where = source_->locate(pos_);
    token_.word.parts.clear();  // keeps the buffer of a word that was consumed, not taken
    token_.io_number = -1;
    token_.reserved = {};
    if (pos_ >= end_) {
        token_.kind = TokenKind::End;
        token_.end = pos_;
        if (!pending_here_docs_.empty()) {
            if (text_may_grow_ && context_.more_input_may_follow) {
                fail_at(*source_, pos_, pos_, "unterminated here-document (expecting '" +
                        std::string(pending_here_docs_.front()->delimiter) + "')", true);
            }
            // Like dash and bash, the end of the text ends the here-documents.
            for (auto& doc : pending_here_docs_) doc->body.range = source_->range(pos_, pos_);
            here_docs_read_ += pending_here_docs_.size();
            pending_here_docs_.clear();
            last_batch_first_serial_ = here_docs_read_;
            last_batch_starts_.clear();
            // The bodies are empty: the definitions are their own text.
            for (const PendingFunctionText& pending : pending_function_texts_) {
                *pending.slot = arena().copy(
                    primary_->text().substr(pending.begin, pending.end - pending.begin));
            }
            pending_function_texts_.clear();
        }
        return;
    }
    const char c = text_[pos_];
    if (c == '\n') {
        token_.kind = TokenKind::Newline;
        ++pos_;
        token_.end = pos_;
        if (!pending_here_docs_.empty()) read_here_document_bodies();
        return;
    }
    switch (c) {  // only these start an operator: spare words the call
    case '&': case '|': case ';': case '<': case '>': case '(': case ')':
        if (read_operator()) return;
        break;
    default:
        break;
    }
    if (c >= '0' && c <= '9') {
        // Line continuations may split the digits and separate them from the operator (2.2.1).
        std::string digits;
        std::size_t digits_end = pos_;
        for (std::size_t at = pos_; at < end_ && text_[at] >= '0' && text_[at] <= '9';
             at = skip_continuations(at)) {
            digits += text_[at++];
            digits_end = at;
        }
        const char after = char_at(skip_continuations(digits_end));
        if ((after == '<' || after == '>') && digits.size() <= 9) {
            token_.kind = TokenKind::IoNumber;
            token_.io_number = std::stoi(digits);
            pos_ = digits_end;
            token_.end = pos_;
            return;
        }
    }
    read_word_token();
}

bool Lexer::read_operator() {
    const char c = text_[pos_];
    auto next_is = [&](char wanted, std::size_t& at) {
        at = skip_continuations(pos_ + 1);
        return char_at(at) == wanted;
    };
    auto set = [&](TokenKind kind, std::size_t stop) {
        token_.kind = kind;
        pos_ = stop;
        token_.end = stop;
        return true;
    };
    std::size_t at = 0;
    switch (c) {
    case '&':
        if (next_is('&', at)) return set(TokenKind::AndIf, at + 1);
        return set(TokenKind::Amp, pos_ + 1);
    case '|':
        if (next_is('|', at)) return set(TokenKind::OrIf, at + 1);
        return set(TokenKind::Pipe, pos_ + 1);
    case ';':
        if (next_is(';', at)) return set(TokenKind::DSemi, at + 1);
        if (next_is('&', at)) return set(TokenKind::SemiAnd, at + 1);
        return set(TokenKind::Semi, pos_ + 1);
    case '<':
        if (next_is('<', at)) {
            const std::size_t dash = skip_continuations(at + 1);
            if (char_at(dash) == '-') return set(TokenKind::DLessDash, dash + 1);
            return set(TokenKind::DLess, at + 1);
        }
        if (next_is('&', at)) return set(TokenKind::LessAnd, at + 1);
        if (next_is('>', at)) return set(TokenKind::LessGreat, at + 1);
        return set(TokenKind::Less, pos_ + 1);
    case '>':
        if (next_is('>', at)) return set(TokenKind::DGreat, at + 1);
        if (next_is('&', at)) return set(TokenKind::GreatAnd, at + 1);
        if (next_is('|', at)) return set(TokenKind::Clobber, at + 1);
        return set(TokenKind::Great, pos_ + 1);
    case '(':
        return set(TokenKind::LParen, pos_ + 1);
    case ')':
        return set(TokenKind::RParen, pos_ + 1);
    default:
        return false;
    }
}

void Lexer::read_word_token() {
    const std::size_t begin = pos_;
    Word& word = token_.word;  // scanned in place, reusing the buffer of a consumed word
    word.parts.clear();
    if (!scan_plain_word(word.parts)) scan_parts(word.parts, ScanMode::Unquoted, false);
    if (pos_ == begin) {
        // Cannot happen for well-formed scanning; never loop forever on a surprise.
        add_part(word.parts, pos_, pos_ + 1, LiteralPart{arena().copy(text_.substr(pos_, 1))});
        ++pos_;
    }
    word.range = source_->range(begin, token_.where, pos_);
    const auto* first =
        word.parts.empty() ? nullptr : std::get_if<LiteralPart>(&word.parts[0].value);
    if (first && !first->text.empty() && first->text[0] == '~') mark_tilde_prefix(word);
    if (word.parts.size() == 1) {
        if (const auto* literal = std::get_if<LiteralPart>(&word.parts[0].value)) {
            // Most words are longer than any reserved word: only short ones are compared.
            if (literal->text.size() <= 5) token_.reserved = reserved_word_spelling(literal->text);
        }
    }
    token_.kind = TokenKind::Word;
    token_.end = pos_;
}

void Lexer::substitute_aliases() {
    while (context_.aliases && token_.kind == TokenKind::Word && token_.word.parts.size() == 1) {
        const auto* literal = std::get_if<LiteralPart>(&token_.word.parts[0].value);
        if (!literal || !token_.reserved.empty()) return;
        for (const AliasFrame& frame : alias_stack_) {
            if (frame.name == literal->text) return;  // recursion guard (2.3.1)
        }
        const std::string* value = context_.aliases(literal->text);
        if (!value) return;
        if (alias_stack_.size() >= static_cast<std::size_t>(context_.max_depth)) {
            fail_at_token(token_, "aliases nested too deeply");
        }
        AliasFrame frame;
        frame.name = std::string(literal->text);
        frame.ends_in_blank = !value->empty() && is_blank(value->back());
        frame.text = std::make_unique<Source>(source_->name(), *value, token_.word.range.line);
        frame.outer_source = source_;
        frame.outer_pos = pos_;
        frame.outer_end = end_;
        source_ = frame.text.get();
        text_ = source_->text();
        pos_ = 0;
        end_ = text_.size();
        alias_stack_.push_back(std::move(frame));
        read_token();
    }
}

// ---- here-documents --------------------------------------------------------------------------

void Lexer::read_here_document_bodies() {
    auto docs = std::move(pending_here_docs_);
    pending_here_docs_.clear();
    // Where each body starts, and where the last one ends, for the function definitions whose
    // text takes these bodies (delimiter lines included): those waiting now, and one whose end
    // the parser has yet to see (keep_function_text).
    last_batch_first_serial_ = here_docs_read_;
    last_batch_in_primary_ = source_ == primary_;
    last_batch_starts_.clear();
    for (HereDocument* doc : docs) {
        last_batch_starts_.push_back(pos_);
        read_here_document_body(*doc);
    }
    last_batch_starts_.push_back(pos_);
    here_docs_read_ += docs.size();
    if (pending_function_texts_.empty()) return;
    const std::string_view text = primary_->text();
    for (const PendingFunctionText& pending : pending_function_texts_) {
        if (!last_batch_in_primary_) continue;  // left empty
        const std::size_t first = pending.first_here_doc - last_batch_first_serial_;
        const std::size_t from = last_batch_starts_[first];
        const std::size_t to = last_batch_starts_[pending.end_here_doc - last_batch_first_serial_];
        std::string whole(text.substr(pending.begin, pending.end - pending.begin));
        whole += '\n';
        whole.append(text.substr(from, to - from));
        *pending.slot = arena().copy(whole);
    }
    pending_function_texts_.clear();
}

namespace {

// Number of backslashes immediately before `at`.
std::size_t backslashes_before(std::string_view text, std::size_t begin, std::size_t at) {
    std::size_t count = 0;
    while (at > begin && text[at - 1] == '\\') {
        --at;
        ++count;
    }
    return count;
}

}  // namespace

void Lexer::read_here_document_body(HereDocument& doc) {
    const std::size_t body_begin = pos_;
    std::size_t body_end = end_;
    std::size_t resume = end_;
    std::size_t line_start = pos_;
    bool terminated = false;
    while (line_start < end_) {
        std::size_t eol = line_start;
        std::string joined;  // the logical line, only built when it has continuations
        bool has_continuation = false;
        for (;;) {
            const void* hit = std::memchr(text_.data() + eol, '\n', end_ - eol);
            const std::size_t newline =
                hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text_.data()) : end_;
            const bool continued = !doc.quoted && newline < end_ &&
                                   backslashes_before(text_, eol, newline) % 2 == 1;
            if (!continued) {
                if (has_continuation) joined.append(text_.substr(eol, newline - eol));
                eol = newline;
                break;
            }
            has_continuation = true;
            joined.append(text_.substr(eol, newline - 1 - eol));
            eol = newline + 1;
        }
        std::string_view line = has_continuation
                                    ? std::string_view(joined)
                                    : text_.substr(line_start, eol - line_start);
        if (doc.strip_tabs) {
            while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
        }
        const std::size_t next_line = eol < end_ ? eol + 1 : end_;
        if (line == doc.delimiter) {
            body_end = line_start;
            resume = next_line;
            terminated = true;
            break;
        }
        line_start = next_line;
    }
    if (!terminated && text_may_grow_ && alias_stack_.empty() && context_.more_input_may_follow) {
        fail_at(*source_, body_begin, body_begin,
                "unterminated here-document (expecting '" + std::string(doc.delimiter) + "')",
                true);
    }

    doc.body.range = source_->range(body_begin, body_end);
    doc.body.parts = WordParts();
    if (doc.quoted) {
        std::string body;
        if (doc.strip_tabs) {
            bool at_line_start = true;
            for (std::size_t i = body_begin; i < body_end; ++i) {
                const char c = text_[i];
                if (at_line_start && c == '\t') continue;
                at_line_start = c == '\n';
                body += c;
            }
        } else {
            body.assign(text_.substr(body_begin, body_end - body_begin));
        }
        if (!body.empty()) {
            add_part(doc.body.parts, body_begin, body_end, LiteralPart{arena().copy(body)});
        }
    } else {
        const std::size_t saved_end = end_;
        const bool saved_strip = strip_tabs_in_scan_;
        const std::size_t saved_body_begin = here_doc_begin_;
        end_ = body_end;
        pos_ = body_begin;
        strip_tabs_in_scan_ = doc.strip_tabs;
        here_doc_begin_ = body_begin;
        scan_parts(doc.body.parts, ScanMode::HereDocBody, true);
        end_ = saved_end;
        strip_tabs_in_scan_ = saved_strip;
        here_doc_begin_ = saved_body_begin;
    }
    pos_ = resume;
}

Word Lexer::read_here_document_text() {
    Word word;
    const std::size_t begin = pos_;
    strip_tabs_in_scan_ = false;
    here_doc_begin_ = begin;
    scan_parts(word.parts, ScanMode::HereDocBody, true);
    word.range = source_->range(begin, pos_);
    return word;
}

// ---- tokens ----------------------------------------------------------------------------------

bool Token::is_redirection_op() const {
    switch (kind) {
    case TokenKind::Less:
    case TokenKind::Great:
    case TokenKind::DLess:
    case TokenKind::DGreat:
    case TokenKind::LessAnd:
    case TokenKind::GreatAnd:
    case TokenKind::LessGreat:
    case TokenKind::DLessDash:
    case TokenKind::Clobber:
        return true;
    default:
        return false;
    }
}

std::string_view token_kind_spelling(TokenKind kind) {
    switch (kind) {
    case TokenKind::Word: return "word";
    case TokenKind::IoNumber: return "io number";
    case TokenKind::Newline: return "newline";
    case TokenKind::End: return "end of file";
    case TokenKind::AndIf: return "&&";
    case TokenKind::OrIf: return "||";
    case TokenKind::DSemi: return ";;";
    case TokenKind::SemiAnd: return ";&";
    case TokenKind::DLess: return "<<";
    case TokenKind::DGreat: return ">>";
    case TokenKind::LessAnd: return "<&";
    case TokenKind::GreatAnd: return ">&";
    case TokenKind::LessGreat: return "<>";
    case TokenKind::DLessDash: return "<<-";
    case TokenKind::Clobber: return ">|";
    case TokenKind::LParen: return "(";
    case TokenKind::RParen: return ")";
    case TokenKind::Semi: return ";";
    case TokenKind::Amp: return "&";
    case TokenKind::Pipe: return "|";
    case TokenKind::Less: return "<";
    case TokenKind::Great: return ">";
    }
    return "?";
}

std::string describe_token(const Token& token) {
    switch (token.kind) {
    case TokenKind::Newline:
    case TokenKind::End:
        return std::string(token_kind_spelling(token.kind));
    case TokenKind::Word:
    case TokenKind::IoNumber: {
        std::string_view text = token.text();
        constexpr std::size_t kMaxShown = 40;
        std::string shown(text.substr(0, kMaxShown));
        if (text.size() > kMaxShown) shown += "...";
        return "'" + shown + "'";
    }
    default:
        return "'" + std::string(token_kind_spelling(token.kind)) + "'";
    }
}

std::string_view reserved_word_spelling(std::string_view text) {
    // Called for every word: reject most words by length and first letter before comparing.
    static constexpr std::string_view kReserved[] = {
        "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in",
        "then", "time", "until", "while"};
    if (text.empty() || text.size() > 5) return {};
    switch (text[0]) {
    case '!': case '{': case '}': case 'c': case 'd': case 'e': case 'f': case 'i': case 't':
    case 'u': case 'w':
        break;
    default:
        return {};
    }
    for (std::string_view word : kReserved) {
        if (word == text) return word;
    }
    return {};
}

bool is_reserved_word(std::string_view text) { return !reserved_word_spelling(text).empty(); }

}  // namespace spawnsh::syntax
