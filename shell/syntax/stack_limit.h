// How deep the parser, and the evaluator (functions, eval, `.`, traps), may recurse on this
// thread's stack.
//
// A nesting limit counts levels, but how much stack a level takes depends on the build (an
// AddressSanitizer build takes several times more than an optimised one) and on the stack's
// size, which `ulimit -s` can lower while the shell runs. So the guards compare the current
// stack position with a floor computed from the real bounds of the thread's stack and the
// current RLIMIT_STACK, and give up with an error well before the end.
#pragma once

#include <cstdint>

namespace spawnsh::syntax {

// The lowest stack address recursion should reach on the calling thread (the stack grows
// down), leaving a safety margin for the error path; 0 if the bounds are unknown. Cached;
// stack_limit_changed() makes the next call recompute it.
std::uintptr_t stack_floor();

// The parser's floor: the same.
inline std::uintptr_t parser_stack_floor() { return stack_floor(); }

// RLIMIT_STACK was changed (the ulimit builtin): the main thread's stack may now end sooner.
void stack_limit_changed();

inline std::uintptr_t current_stack_position() {
    return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
}

// True when the caller is nearer the end of the stack than the margin allows.
inline bool stack_nearly_full() {
    const std::uintptr_t floor = stack_floor();
    return floor != 0 && current_stack_position() < floor;
}

}  // namespace spawnsh::syntax
