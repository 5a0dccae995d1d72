// Evaluation of a compiled arithmetic expression: one loop over the instructions and a value
// stack. All arithmetic goes through unsigned types so that overflow wraps without undefined
// behaviour; division and remainder guard the two traps (x / 0 and INTMAX_MIN / -1).
#include "shell/arith/arith.h"
#include "shell/arith/program.h"

#include <memory>

namespace spawnsh::arith {

using detail::Op;

namespace {

constexpr bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::intmax_t wrap(std::uintmax_t value) { return static_cast<std::intmax_t>(value); }
std::uintmax_t bits(std::intmax_t value) { return static_cast<std::uintmax_t>(value); }

// The binary operators. Returns false on division by zero.
bool apply_binary(Op op, std::intmax_t a, std::intmax_t b, std::intmax_t& result) {
    switch (op) {
    case Op::multiply: result = wrap(bits(a) * bits(b)); return true;
    case Op::divide:
        if (b == 0) return false;
        result = b == -1 ? wrap(0 - bits(a)) : a / b; // INTMAX_MIN / -1 would trap
        return true;
    case Op::remainder:
        if (b == 0) return false;
        result = b == -1 ? 0 : a % b;
        return true;
    case Op::add: result = wrap(bits(a) + bits(b)); return true;
    case Op::subtract: result = wrap(bits(a) - bits(b)); return true;
    case Op::shift_left: result = wrap(bits(a) << (bits(b) & 63)); return true;
    case Op::shift_right: result = a >> (bits(b) & 63); return true; // arithmetic since C++20
    case Op::less: result = a < b; return true;
    case Op::less_equal: result = a <= b; return true;
    case Op::greater: result = a > b; return true;
    case Op::greater_equal: result = a >= b; return true;
    case Op::equal: result = a == b; return true;
    case Op::not_equal: result = a != b; return true;
    case Op::bit_and: result = a & b; return true;
    case Op::bit_xor: result = a ^ b; return true;
    case Op::bit_or: result = a | b; return true;
    default: result = 0; return true;
    }
}

// Small expressions (nearly all) evaluate on a stack array; long ones get a heap buffer.
constexpr std::uint32_t inline_stack_size = 32;

} // namespace

std::optional<std::intmax_t> parse_variable_value(std::string_view value) {
    std::size_t begin = 0, end = value.size();
    while (begin < end && is_blank(value[begin])) ++begin;
    while (end > begin && is_blank(value[end - 1])) --end;
    if (begin == end) return 0;
    bool negative = false;
    if (value[begin] == '+' || value[begin] == '-') {
        negative = value[begin] == '-';
        ++begin;
    }
    std::intmax_t magnitude = 0;
    if (detail::read_constant(value.substr(begin, end - begin), magnitude) !=
        detail::ConstantStatus::ok)
        return std::nullopt;
    return negative ? wrap(0 - bits(magnitude)) : magnitude;
}

Outcome<std::intmax_t> Expression::evaluate(Variables& variables) const {
    std::intmax_t inline_stack[inline_stack_size];
    std::unique_ptr<std::intmax_t[]> heap_stack;
    std::intmax_t* stack = inline_stack;
    if (max_stack_ > inline_stack_size) {
        heap_stack = std::make_unique<std::intmax_t[]>(max_stack_);
        stack = heap_stack.get();
    }
    std::size_t top = 0; // number of values on the stack

    std::size_t pc = 0;
    auto error_at = [&](ErrorKind kind, std::string message) {
        return Error{kind, std::move(message), code_[pc - 1].source_offset};
    };
    auto expression_suffix = [&] { return " (in " + detail::quote_expression(text_) + ")"; };

    // Reads a variable for arithmetic; on failure returns false and fills `failure`.
    std::optional<Error> failure;
    auto read = [&](std::uint32_t name_index, std::intmax_t& out) {
        const std::string& name = names_[name_index];
        std::optional<std::string_view> value = variables.get(name);
        if (!value) {
            out = 0;
            return true;
        }
        std::optional<std::intmax_t> number = parse_variable_value(*value);
        if (!number) {
            failure = error_at(ErrorKind::invalid_variable_value,
                               "variable " + name + " is not an integer: \"" + std::string(*value) +
                                   "\"" + expression_suffix());
            return false;
        }
        out = *number;
        return true;
    };
    auto write = [&](std::uint32_t name_index, std::intmax_t value) {
        if (variables.set(names_[name_index], value)) return true;
        failure = error_at(ErrorKind::readonly_variable,
                           names_[name_index] + ": is read only" + expression_suffix());
        return false;
    };
    auto division_by_zero = [&] {
        return error_at(ErrorKind::division_by_zero,
                        "division by zero: " + detail::quote_expression(text_));
    };

    const std::size_t size = code_.size();
    while (pc < size) {
        const Instruction& instruction = code_[pc++];
        const Op op = static_cast<Op>(instruction.op);
        switch (op) {
        case Op::push_constant: stack[top++] = constants_[instruction.operand]; break;
        case Op::push_variable:
            if (!read(instruction.operand, stack[top])) return std::move(*failure);
            ++top;
            break;
        case Op::push_dollar_variable: {
            // Only a non-empty integer constant behaves exactly like textual substitution.
            std::optional<std::string_view> value = variables.get(names_[instruction.operand]);
            std::optional<std::intmax_t> number;
            if (value) {
                std::size_t first = 0;
                while (first < value->size() && is_blank((*value)[first])) ++first;
                bool glues_to_sign = (instruction.flags & detail::flag_sign_before_dollar) &&
                                     !value->empty() &&
                                     ((*value)[0] == '+' || (*value)[0] == '-');
                if (first < value->size() && !glues_to_sign) number = parse_variable_value(*value);
            }
            if (!number)
                return error_at(ErrorKind::needs_text_expansion,
                                "$" + names_[instruction.operand] +
                                    " must be substituted as text" + expression_suffix());
            stack[top++] = *number;
            break;
        }
        case Op::negate: stack[top - 1] = wrap(0 - bits(stack[top - 1])); break;
        case Op::bit_not: stack[top - 1] = ~stack[top - 1]; break;
        case Op::logical_not: stack[top - 1] = stack[top - 1] == 0; break;
        case Op::to_bool: stack[top - 1] = stack[top - 1] != 0; break;
        case Op::and_then:
            if (stack[top - 1] == 0) pc = instruction.operand; // keep the 0 as the result
            else --top;
            break;
        case Op::or_else:
            if (stack[top - 1] != 0) {
                stack[top - 1] = 1;
                pc = instruction.operand;
            } else {
                --top;
            }
            break;
        case Op::jump_if_zero:
            if (stack[--top] == 0) pc = instruction.operand;
            break;
        case Op::jump: pc = instruction.operand; break;
        case Op::pop: --top; break;
        case Op::assign:
            if (!write(instruction.operand, stack[top - 1])) return std::move(*failure);
            break;
        case Op::assign_compound: {
            std::intmax_t current = 0;
            if (!read(instruction.operand, current)) return std::move(*failure);
            std::intmax_t result = 0;
            if (!apply_binary(static_cast<Op>(instruction.sub_op), current, stack[top - 1], result))
                return division_by_zero();
            if (!write(instruction.operand, result)) return std::move(*failure);
            stack[top - 1] = result;
            break;
        }
        case Op::pre_increment:
        case Op::pre_decrement:
        case Op::post_increment:
        case Op::post_decrement: {
            std::intmax_t current = 0;
            if (!read(instruction.operand, current)) return std::move(*failure);
            bool up = op == Op::pre_increment || op == Op::post_increment;
            std::intmax_t updated = wrap(up ? bits(current) + 1 : bits(current) - 1);
            if (!write(instruction.operand, updated)) return std::move(*failure);
            bool prefix = op == Op::pre_increment || op == Op::pre_decrement;
            stack[top++] = prefix ? updated : current;
            break;
        }
        default: { // binary operators
            std::intmax_t right = stack[--top];
            if (!apply_binary(op, stack[top - 1], right, stack[top - 1])) return division_by_zero();
            break;
        }
        }
    }
    return stack[0];
}

} // namespace spawnsh::arith
