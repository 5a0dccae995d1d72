// Internal to shell/arith: the instruction set shared by the compiler (parser.cpp) and the
// evaluator (evaluate.cpp), and the constant reader both use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spawnsh::arith::detail {

// A postfix program over a value stack. Comments give the stack effect.
enum class Op : std::uint8_t {
    push_constant,        // -> constants[operand]
    push_variable,        // -> value of names[operand] (unset/blank = 0)
    push_dollar_variable, // -> value of $names[operand], or needs_text_expansion
    negate,               // a -> -a
    bit_not,              // a -> ~a
    logical_not,          // a -> !a
    to_bool,              // a -> a != 0
    // binary: a b -> a op b
    multiply,
    divide,
    remainder,
    add,
    subtract,
    shift_left,
    shift_right,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    bit_and,
    bit_xor,
    bit_or,
    and_then,        // a -> (a == 0 ? 0 and jump to operand : nothing)
    or_else,         // a -> (a != 0 ? 1 and jump to operand : nothing)
    jump_if_zero,    // a -> ; jumps to operand when a == 0
    jump,            // jumps to operand
    pop,             // a ->
    assign,          // a -> a, and names[operand] = a
    assign_compound, // b -> (names[operand] sub_op b), stored
    pre_increment,   // -> ++names[operand]
    pre_decrement,   // -> --names[operand]
    post_increment,  // -> names[operand]++
    post_decrement,  // -> names[operand]--
};

inline constexpr std::uint8_t flag_sign_before_dollar = 1;

enum class ConstantStatus { ok, invalid, out_of_range };

// Read a whole C integer constant (decimal, 0-octal, 0x-hex; no sign, no blanks). Values up to
// 2^64-1 wrap to two's complement.
ConstantStatus read_constant(std::string_view digits, std::intmax_t& value);

// `"text"` for messages, shortened when very long.
std::string quote_expression(std::string_view text);

} // namespace spawnsh::arith::detail
