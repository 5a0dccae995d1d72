// Arithmetic expression text -> postfix program (see arith.h for the language and program.h for
// the instruction set). A hand-written lexer and a recursive-descent parser that uses precedence
// climbing for the ten binary precedence levels, so a level of parentheses costs six small frames.
#include "shell/arith/arith.h"
#include "shell/arith/program.h"

#include <limits>
#include <optional>

namespace spawnsh::arith {

using detail::ConstantStatus;
using detail::Op;

namespace {

enum class Tok : std::uint8_t {
    end,
    invalid,
    number,
    identifier,
    dollar_name,
    left_paren,
    right_paren,
    question,
    colon,
    comma,
    plus,
    minus,
    plus_plus,
    minus_minus,
    bang,
    tilde,
    star,
    slash,
    percent,
    shift_left,
    shift_right,
    less,
    less_equal,
    greater,
    greater_equal,
    equal_equal,
    not_equal,
    amp,
    amp_amp,
    caret,
    pipe,
    pipe_pipe,
    // assignment operators
    assign,
    star_assign,
    slash_assign,
    percent_assign,
    plus_assign,
    minus_assign,
    shift_left_assign,
    shift_right_assign,
    amp_assign,
    caret_assign,
    pipe_assign,
};

struct Token {
    Tok kind = Tok::end;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

constexpr bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// Binary precedence, C's order; 0 = not a binary operator. Higher binds tighter.
constexpr int binary_precedence(Tok kind) {
    switch (kind) {
    case Tok::pipe_pipe: return 1;
    case Tok::amp_amp: return 2;
    case Tok::pipe: return 3;
    case Tok::caret: return 4;
    case Tok::amp: return 5;
    case Tok::equal_equal:
    case Tok::not_equal: return 6;
    case Tok::less:
    case Tok::less_equal:
    case Tok::greater:
    case Tok::greater_equal: return 7;
    case Tok::shift_left:
    case Tok::shift_right: return 8;
    case Tok::plus:
    case Tok::minus:
    case Tok::plus_plus:   // in operator position: binary + then a unary sign
    case Tok::minus_minus: return 9;
    case Tok::star:
    case Tok::slash:
    case Tok::percent: return 10;
    default: return 0;
    }
}

constexpr Op binary_op(Tok kind) {
    switch (kind) {
    case Tok::star: case Tok::star_assign: return Op::multiply;
    case Tok::slash: case Tok::slash_assign: return Op::divide;
    case Tok::percent: case Tok::percent_assign: return Op::remainder;
    case Tok::plus: case Tok::plus_assign: return Op::add;
    case Tok::minus: case Tok::minus_assign: return Op::subtract;
    case Tok::shift_left: case Tok::shift_left_assign: return Op::shift_left;
    case Tok::shift_right: case Tok::shift_right_assign: return Op::shift_right;
    case Tok::less: return Op::less;
    case Tok::less_equal: return Op::less_equal;
    case Tok::greater: return Op::greater;
    case Tok::greater_equal: return Op::greater_equal;
    case Tok::equal_equal: return Op::equal;
    case Tok::not_equal: return Op::not_equal;
    case Tok::amp: case Tok::amp_assign: return Op::bit_and;
    case Tok::caret: case Tok::caret_assign: return Op::bit_xor;
    case Tok::pipe: case Tok::pipe_assign: return Op::bit_or;
    default: return Op::pop; // not reached for valid callers
    }
}

constexpr bool is_assignment(Tok kind) { return kind >= Tok::assign; }

// Stack effect of each instruction, for sizing the evaluator's stack.
constexpr int stack_effect(Op op) {
    switch (op) {
    case Op::push_constant:
    case Op::push_variable:
    case Op::push_dollar_variable:
    case Op::pre_increment:
    case Op::pre_decrement:
    case Op::post_increment:
    case Op::post_decrement: return 1;
    case Op::negate:
    case Op::bit_not:
    case Op::logical_not:
    case Op::to_bool:
    case Op::jump:
    case Op::assign:
    case Op::assign_compound: return 0;
    default: return -1; // binary operators, and_then/or_else (fall-through path), jump_if_zero, pop
    }
}

} // namespace

namespace detail {

namespace {

// Digits of one base; the base is a template argument so that the multiplication is by a
// constant (this runs on every variable read, so it matters).
template <unsigned base>
ConstantStatus accumulate_digits(std::string_view digits, std::intmax_t& value) {
    std::uintmax_t result = 0;
    bool overflow = false;
    for (char c : digits) {
        unsigned digit;
        if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
        else return ConstantStatus::invalid;
        if (digit >= base) return ConstantStatus::invalid;
        overflow |= __builtin_mul_overflow(result, std::uintmax_t{base}, &result);
        overflow |= __builtin_add_overflow(result, std::uintmax_t{digit}, &result);
    }
    if (overflow) return ConstantStatus::out_of_range;
    value = static_cast<std::intmax_t>(result); // modular since C++20
    return ConstantStatus::ok;
}

} // namespace

ConstantStatus read_constant(std::string_view digits, std::intmax_t& value) {
    if (digits.empty()) return ConstantStatus::invalid;
    if (digits[0] != '0' || digits.size() == 1) return accumulate_digits<10>(digits, value);
    if (digits[1] == 'x' || digits[1] == 'X') {
        if (digits.size() == 2) return ConstantStatus::invalid;
        return accumulate_digits<16>(digits.substr(2), value);
    }
    return accumulate_digits<8>(digits.substr(1), value);
}

std::string quote_expression(std::string_view text) {
    constexpr std::size_t longest = 120;
    std::string quoted = "\"";
    if (text.size() > longest) {
        quoted.append(text.substr(0, longest));
        quoted += "...";
    } else {
        quoted.append(text);
    }
    quoted += '"';
    return quoted;
}

} // namespace detail

// Builds an Expression; a friend of it. Parsing functions return false once an error is recorded.
class Compiler {
public:
    explicit Compiler(Expression& out) : out_(out), text_(out.text_) {}

    std::optional<Error> compile() {
        advance();
        if (token_.kind == Tok::end) {
            syntax_error("empty expression");
            return error_;
        }
        if (!parse_comma()) return error_;
        if (token_.kind != Tok::end) {
            if (token_.kind == Tok::right_paren) syntax_error("unmatched ')'");
            else unexpected_token();
            return error_;
        }
        out_.max_stack_ = static_cast<std::uint32_t>(max_height_);
        return std::nullopt;
    }

private:
    // ---- lexer ----
    Token lex(std::size_t pos) const {
        while (pos < text_.size() && is_blank(text_[pos])) ++pos;
        Token token;
        token.begin = static_cast<std::uint32_t>(pos);
        if (pos >= text_.size()) {
            token.kind = Tok::end;
            token.end = token.begin;
            return token;
        }
        auto at = [&](std::size_t i) { return pos + i < text_.size() ? text_[pos + i] : '\0'; };
        char c = text_[pos];
        std::size_t length = 1;
        Tok kind = Tok::invalid;
        if (is_digit(c)) {
            while (is_name_char(at(length))) ++length;
            kind = Tok::number;
        } else if (is_name_start(c)) {
            while (is_name_char(at(length))) ++length;
            kind = Tok::identifier;
        } else {
            // Operators: try the longest spelling first.
            char c1 = at(1), c2 = at(2);
            switch (c) {
            case '$':
                if (is_name_start(c1)) {
                    while (is_name_char(at(length))) ++length;
                    kind = Tok::dollar_name;
                } else if (c1 == '{' && is_name_start(c2)) {
                    length = 3;
                    while (is_name_char(at(length))) ++length;
                    if (at(length) == '}') {
                        ++length;
                        kind = Tok::dollar_name;
                    }
                }
                break;
            case '(': kind = Tok::left_paren; break;
            case ')': kind = Tok::right_paren; break;
            case '?': kind = Tok::question; break;
            case ':': kind = Tok::colon; break;
            case ',': kind = Tok::comma; break;
            case '~': kind = Tok::tilde; break;
            case '+':
                if (c1 == '+') kind = Tok::plus_plus, length = 2;
                else if (c1 == '=') kind = Tok::plus_assign, length = 2;
                else kind = Tok::plus;
                break;
            case '-':
                if (c1 == '-') kind = Tok::minus_minus, length = 2;
                else if (c1 == '=') kind = Tok::minus_assign, length = 2;
                else kind = Tok::minus;
                break;
            case '*': kind = c1 == '=' ? (length = 2, Tok::star_assign) : Tok::star; break;
            case '/': kind = c1 == '=' ? (length = 2, Tok::slash_assign) : Tok::slash; break;
            case '%': kind = c1 == '=' ? (length = 2, Tok::percent_assign) : Tok::percent; break;
            case '^': kind = c1 == '=' ? (length = 2, Tok::caret_assign) : Tok::caret; break;
            case '!': kind = c1 == '=' ? (length = 2, Tok::not_equal) : Tok::bang; break;
            case '=': kind = c1 == '=' ? (length = 2, Tok::equal_equal) : Tok::assign; break;
            case '<':
                if (c1 == '<') kind = c2 == '=' ? (length = 3, Tok::shift_left_assign) : (length = 2, Tok::shift_left);
                else kind = c1 == '=' ? (length = 2, Tok::less_equal) : Tok::less;
                break;
            case '>':
                if (c1 == '>') kind = c2 == '=' ? (length = 3, Tok::shift_right_assign) : (length = 2, Tok::shift_right);
                else kind = c1 == '=' ? (length = 2, Tok::greater_equal) : Tok::greater;
                break;
            case '&':
                if (c1 == '&') kind = Tok::amp_amp, length = 2;
                else kind = c1 == '=' ? (length = 2, Tok::amp_assign) : Tok::amp;
                break;
            case '|':
                if (c1 == '|') kind = Tok::pipe_pipe, length = 2;
                else kind = c1 == '=' ? (length = 2, Tok::pipe_assign) : Tok::pipe;
                break;
            default: break;
            }
        }
        token.kind = kind;
        token.end = static_cast<std::uint32_t>(pos + length);
        return token;
    }

    void advance() { token_ = lex(token_.end); }
    Token peek() const { return lex(token_.end); }

    // Turn a `++`/`--` in operator position into a binary sign; the second character is then
    // lexed again as the start of the right operand.
    void advance_over_first_character() { token_ = lex(token_.begin + 1u); }

    std::string_view spelling(const Token& token) const {
        return text_.substr(token.begin, token.end - token.begin);
    }
    std::string_view dollar_name(const Token& token) const {
        std::string_view spelled = spelling(token);
        return spelled[1] == '{' ? spelled.substr(2, spelled.size() - 3) : spelled.substr(1);
    }

    // ---- output ----
    // `offset` is where an evaluation error of this instruction points (default: the current
    // token).
    std::uint32_t emit(Op op, std::uint32_t operand = 0, std::uint8_t sub_op = 0,
                       std::uint8_t flags = 0, std::uint32_t offset = no_offset) {
        out_.code_.push_back(Instruction{static_cast<std::uint8_t>(op), sub_op, flags, 0, operand,
                                         offset == no_offset ? token_.begin : offset});
        height_ += stack_effect(op);
        if (height_ > max_height_) max_height_ = height_;
        return static_cast<std::uint32_t>(out_.code_.size() - 1);
    }
    std::uint32_t here() const { return static_cast<std::uint32_t>(out_.code_.size()); }
    void patch_jump(std::uint32_t instruction) { out_.code_[instruction].operand = here(); }

    std::uint32_t intern_name(std::string_view name) {
        for (std::size_t i = 0; i < out_.names_.size(); ++i)
            if (out_.names_[i] == name) return static_cast<std::uint32_t>(i);
        out_.names_.emplace_back(name);
        return static_cast<std::uint32_t>(out_.names_.size() - 1);
    }

    // ---- errors ----
    bool fail(ErrorKind kind, std::string message, std::size_t offset) {
        if (!error_) error_ = Error{kind, std::move(message), offset};
        return false;
    }
    bool syntax_error(std::string_view what) {
        std::string message = "arithmetic syntax error: ";
        message.append(what);
        message += ": ";
        message += detail::quote_expression(text_);
        return fail(ErrorKind::syntax, std::move(message), token_.begin);
    }
    bool unexpected_token() {
        if (token_.kind == Tok::end) return syntax_error("expected an operand");
        if (token_.kind == Tok::invalid)
            return syntax_error(std::string("unexpected character '") + text_[token_.begin] + "'");
        return syntax_error("unexpected '" + std::string(spelling(token_)) + "'");
    }

    struct DepthScope {
        int& depth;
        ~DepthScope() { --depth; }
    };
    bool too_deep() {
        return fail(ErrorKind::too_deep,
                    "arithmetic expression nested too deeply: " + detail::quote_expression(text_),
                    token_.begin);
    }

    // ---- grammar ----
    // expression: assignment-expression { ',' assignment-expression }
    bool parse_comma() {
        if (!parse_assignment()) return false;
        while (token_.kind == Tok::comma) {
            advance();
            emit(Op::pop);
            if (!parse_assignment()) return false;
        }
        return true;
    }

    // assignment-expression: name assign-op assignment-expression | conditional-expression
    bool parse_assignment() {
        if (++depth_ > max_nesting_depth) return too_deep();
        DepthScope scope{depth_};
        if (token_.kind == Tok::identifier) {
            Token next = peek();
            if (is_assignment(next.kind)) {
                std::uint32_t name = intern_name(spelling(token_));
                const std::uint32_t name_offset = token_.begin;
                advance();
                advance();
                if (!parse_assignment()) return false;
                if (next.kind == Tok::assign)
                    emit(Op::assign, name, 0, 0, name_offset);
                else
                    emit(Op::assign_compound, name, static_cast<std::uint8_t>(binary_op(next.kind)),
                         0, name_offset);
                return true;
            }
        }
        return parse_conditional();
    }

    // conditional-expression: binary [ '?' expression ':' conditional-expression ]
    bool parse_conditional() {
        if (++depth_ > max_nesting_depth) return too_deep();
        DepthScope scope{depth_};
        if (!parse_binary(1)) return false;
        if (token_.kind != Tok::question) return true;
        advance();
        std::uint32_t to_else = emit(Op::jump_if_zero);
        int height_before_branch = height_;
        if (!parse_comma()) return false;
        if (token_.kind != Tok::colon) return syntax_error("expected ':' after '?' operand");
        advance();
        std::uint32_t to_end = emit(Op::jump);
        patch_jump(to_else);
        height_ = height_before_branch;
        if (!parse_conditional()) return false;
        patch_jump(to_end);
        return true;
    }

    // Left-associative binary operators by precedence climbing.
    bool parse_binary(int min_precedence) {
        if (!parse_unary()) return false;
        for (;;) {
            Tok kind = token_.kind;
            const std::uint32_t operator_offset = token_.begin;
            int precedence = binary_precedence(kind);
            if (precedence == 0 || precedence < min_precedence) return true;
            if (kind == Tok::plus_plus || kind == Tok::minus_minus) {
                // `1--1`: binary minus, then the second '-' starts the operand.
                kind = kind == Tok::plus_plus ? Tok::plus : Tok::minus;
                advance_over_first_character();
            } else {
                advance();
            }
            if (kind == Tok::amp_amp || kind == Tok::pipe_pipe) {
                std::uint32_t skip = emit(kind == Tok::amp_amp ? Op::and_then : Op::or_else);
                if (!parse_binary(precedence + 1)) return false;
                emit(Op::to_bool);
                patch_jump(skip);
            } else {
                if (!parse_binary(precedence + 1)) return false;
                emit(binary_op(kind), 0, 0, 0, operator_offset);
            }
        }
    }

    bool parse_unary() {
        if (++depth_ > max_nesting_depth) return too_deep();
        DepthScope scope{depth_};
        switch (token_.kind) {
        case Tok::plus:
            advance();
            return parse_unary(); // still evaluates (and checks) its operand; no instruction
        case Tok::minus:
            advance();
            if (!parse_unary()) return false;
            emit(Op::negate);
            return true;
        case Tok::bang:
            advance();
            if (!parse_unary()) return false;
            emit(Op::logical_not);
            return true;
        case Tok::tilde:
            advance();
            if (!parse_unary()) return false;
            emit(Op::bit_not);
            return true;
        case Tok::plus_plus:
        case Tok::minus_minus: {
            bool increment = token_.kind == Tok::plus_plus;
            Token next = peek();
            advance();
            if (next.kind == Tok::identifier) {
                emit(increment ? Op::pre_increment : Op::pre_decrement,
                     intern_name(spelling(next)), 0, 0, next.begin);
                advance();
                return true;
            }
            // Two signs: `--1` is -(-1) and `++1` is +(+1); both are the operand itself
            // (in two's complement, negating twice is exact even for INTMAX_MIN).
            return parse_unary();
        }
        default: return parse_postfix();
        }
    }

    bool parse_postfix() {
        if (token_.kind != Tok::identifier) return parse_primary();
        const std::uint32_t name = intern_name(spelling(token_));
        const std::uint32_t name_offset = token_.begin;
        advance();
        if (token_.kind == Tok::plus_plus || token_.kind == Tok::minus_minus) {
            emit(token_.kind == Tok::plus_plus ? Op::post_increment : Op::post_decrement, name, 0,
                 0, name_offset);
            advance();
        } else {
            emit(Op::push_variable, name, 0, 0, name_offset);
        }
        return true;
    }

    bool parse_primary() {
        switch (token_.kind) {
        case Tok::number: {
            std::intmax_t value = 0;
            ConstantStatus status = detail::read_constant(spelling(token_), value);
            // A constant too big for intmax_t is undefined in POSIX; like dash (strtoimax), take
            // the largest value, whatever the base and however far past it the digits go.
            if (status == ConstantStatus::out_of_range || (status == ConstantStatus::ok && value < 0)) {
                status = ConstantStatus::ok;
                value = std::numeric_limits<std::intmax_t>::max();
            }
            if (status != ConstantStatus::ok) {
                std::string message = status == ConstantStatus::invalid
                                          ? "invalid number \""
                                          : "number out of range \"";
                message.append(spelling(token_));
                message += "\" in ";
                message += detail::quote_expression(text_);
                return fail(ErrorKind::invalid_constant, std::move(message), token_.begin);
            }
            out_.constants_.push_back(value);
            emit(Op::push_constant, static_cast<std::uint32_t>(out_.constants_.size() - 1));
            advance();
            return true;
        }
        case Tok::dollar_name: {
            std::uint8_t flags = 0;
            if (token_.begin > 0 && (text_[token_.begin - 1] == '+' || text_[token_.begin - 1] == '-'))
                flags = detail::flag_sign_before_dollar;
            emit(Op::push_dollar_variable, intern_name(dollar_name(token_)), 0, flags);
            out_.has_dollar_references_ = true;
            advance();
            return true;
        }
        case Tok::left_paren:
            advance();
            if (!parse_comma()) return false;
            if (token_.kind != Tok::right_paren) return syntax_error("expected ')'");
            advance();
            return true;
        case Tok::end: return syntax_error("expected an operand");
        default: return unexpected_token();
        }
    }

    static constexpr std::uint32_t no_offset = UINT32_MAX;
    Expression& out_;
    std::string_view text_;
    Token token_;
    int depth_ = 0;
    int height_ = 0;
    int max_height_ = 0;
    std::optional<Error> error_;
};

Outcome<Expression> Expression::parse(std::string_view text) {
    Expression expression;
    expression.text_.assign(text);
    // Roughly one instruction per two bytes of text; one allocation for typical expressions.
    expression.code_.reserve(text.size() / 2 + 2);
    std::optional<Error> error = Compiler(expression).compile();
    if (error) return std::move(*error);
    return expression;
}

Outcome<std::intmax_t> evaluate(std::string_view text, Variables& variables) {
    Outcome<Expression> parsed = Expression::parse(text);
    if (!parsed) return parsed.error();
    return parsed.value().evaluate(variables);
}

} // namespace spawnsh::arith
