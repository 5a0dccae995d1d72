// Arithmetic expansion $((...)) (POSIX XCU 2.6.4): parse once into a compact program, evaluate
// many times.
//
// An Expression is compiled from the expression text once (Expression::parse) and then evaluated
// as often as needed (Expression::evaluate): the owner (the AST node of a $((...)) word, say)
// caches it so loops never re-parse. The compiled form is a linear postfix program with jumps for
// the short-circuit operators, so evaluation is a loop over a small value stack: no recursion, and
// no stack overflow however long the expression. Only the parser recurses, and it refuses nesting
// deeper than max_nesting_depth with a clear error.
//
// Semantics (decisions where POSIX leaves room; dash's behaviour given for comparison):
// - Values are intmax_t (64-bit). Every overflow wraps in two's complement; nothing is undefined
//   behaviour: INTMAX_MIN / -1 is INTMAX_MIN and INTMAX_MIN % -1 is 0 (dash dies of SIGFPE).
// - Shift counts are taken modulo 64 (`1 << 64` is 1, `1 << -1` is INTMAX_MIN), which is what
//   dash and bash do on x86-64 hardware; `>>` is arithmetic (sign-propagating).
// - Constants are C's: decimal, octal (`010` is 8) and hexadecimal (`0x1F`). `08` and `0x` are
//   errors. A constant up to 2^64-1 wraps to the two's-complement value (so `0xffffffffffffffff`
//   is -1 and `-9223372036854775808` is INTMAX_MIN, as in bash); a larger one is an error.
//   (dash saturates out-of-range literals to INTMAX_MAX and rejects them in variables.)
// - A variable named in the expression is read through Variables. Unset, empty or blank means 0.
//   Otherwise its value must be an integer constant with optional surrounding blanks and an
//   optional sign (" -0x10 " is -16); anything else (`x=1+1`, `x=y`) is an error, as in dash.
//   bash would evaluate the value recursively; POSIX only requires integer constants to work.
// - An empty (or blank) expression is a syntax error, as in dash and yash (bash and mksh say 0).
// - `,` (sequence) is supported, unlike dash.
// - `++` and `--`, prefix and postfix, are supported on variable names, as in bash, mksh,
//   busybox and yash (dash has neither: it reads `++i` as `+(+i)` and rejects `i++`). Like bash,
//   `++`/`--` not next to a variable are two signs: `--1` is 1, `1--1` is 2, `i+++j` is
//   `(i++) + j`. This is the one place where a valid dash expression means something else here:
//   `$((++i))` increments i.
// - Assignment needs a bare variable name on the left (`(x) = 1`, `1 ? 2 : x = 3` are syntax
//   errors, as in C and dash); the conditional's last operand is a conditional-expression.
// - `&&`, `||` and `?:` short-circuit: an untaken operand is not evaluated at all (no assignment,
//   no error for a bad variable or a division by zero in it).
//
// `$name` and `${name}` in the text: the expander normally substitutes parameters before
// arithmetic, which would force a re-parse whenever a value changes. To keep `$((i + $n))`
// cacheable, the parser also accepts `$name` and `${name}` (plain variable names only) and reads
// them at evaluation time. That is only equivalent to textual substitution when the value is a
// non-empty integer constant that does not form `++`/`--` with a sign written just before the `$`;
// in every other case evaluate() returns ErrorKind::needs_text_expansion and the caller must do
// it the POSIX way (substitute, then parse the resulting text). Likewise, if parse() fails on text
// that contains `$` (e.g. `$x$y`, which textual substitution would glue into one number), the
// caller must substitute and re-parse. Special and positional parameters (`$1`, `$#` ...) are
// never accepted here: the expander must substitute them first.
//
// Errors are returned as values (Outcome), never thrown (only std::bad_alloc can escape). Their
// message names the expression, in the style
// `arithmetic syntax error: expected an operand: "1 +"` or `division by zero: "1/0"`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace spawnsh::arith {

// How the evaluator reads and writes shell variables. Implemented by the variable store (and by
// tests). Names are plain identifiers ([A-Za-z_][A-Za-z0-9_]*).
class Variables {
public:
    virtual ~Variables() = default;
    // The value, or nullopt when unset. The view must stay valid until the next call on this
    // object.
    virtual std::optional<std::string_view> get(std::string_view name) = 0;
    // Store the decimal value. Return false when the variable cannot be assigned (readonly).
    virtual bool set(std::string_view name, std::intmax_t value) = 0;
};

enum class ErrorKind {
    syntax,                 // malformed expression
    invalid_constant,       // `08`, `0x`, a constant beyond 2^64-1
    invalid_variable_value, // a variable whose value is not an integer constant
    division_by_zero,       // `/`, `%`, `/=`, `%=` by zero
    readonly_variable,      // Variables::set refused
    too_deep,               // nesting beyond max_nesting_depth
    needs_text_expansion,   // see "$name" above: not a user error, a request to fall back
};

struct Error {
    ErrorKind kind;
    std::string message; // complete, printable: names the expression (and variable, if any)
    std::size_t offset;  // byte offset into the expression text where the problem was found
};

// Either a value or an Error.
template <typename T>
class Outcome {
public:
    Outcome(T value) : state_(std::move(value)) {}      // NOLINT: implicit on purpose
    Outcome(Error error) : state_(std::move(error)) {}  // NOLINT: implicit on purpose
    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

// Parentheses, unary operators, assignments and conditionals nested deeper than this are refused
// with ErrorKind::too_deep (bash's limit is 1024 levels; this keeps the parser's stack use far
// below any thread's stack).
inline constexpr int max_nesting_depth = 400;

// One step of a compiled expression (an implementation detail; see program.h).
struct Instruction {
    std::uint8_t op;
    std::uint8_t sub_op;   // the binary operator of a compound assignment
    std::uint8_t flags;    // for `$name`: a sign is written right before the `$`
    std::uint8_t unused = 0;
    std::uint32_t operand; // constant index, name index or jump target
    std::uint32_t source_offset; // where an evaluation error of this step points
};

class Expression {
public:
    // Compile `text` (the part between `$((` and `))`, already expanded as described above).
    static Outcome<Expression> parse(std::string_view text);

    // Run the program. Variables are read and assigned through `variables`.
    Outcome<std::intmax_t> evaluate(Variables& variables) const;

    std::string_view text() const { return text_; }
    // True when the text names variables with `$` (so evaluate() may ask for text expansion).
    bool has_dollar_references() const { return has_dollar_references_; }

private:
    friend class Compiler;
    std::string text_;
    std::vector<Instruction> code_;
    std::vector<std::intmax_t> constants_;
    std::vector<std::string> names_;
    std::uint32_t max_stack_ = 0;
    bool has_dollar_references_ = false;
};

// Parse and evaluate in one go (for one-off uses such as `let`-like builtins; loops should keep
// the Expression).
Outcome<std::intmax_t> evaluate(std::string_view text, Variables& variables);

// The rule for a variable's value in arithmetic: optional blanks, optional sign, a decimal, octal
// or hexadecimal constant, optional blanks. Empty or blank is 0. nullopt when not a number.
std::optional<std::intmax_t> parse_variable_value(std::string_view value);

} // namespace spawnsh::arith
