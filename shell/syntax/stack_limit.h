// How deep the parser may recurse on this thread's stack.
//
// The nesting limit (ParseOptions::max_nesting) counts levels, but how much stack a level takes
// depends on the build (an AddressSanitizer build takes several times more than an optimised
// one) and the thread's stack size.  So DepthGuard also compares the current stack position
// with a floor computed from the real bounds of the thread's stack, and gives up with a syntax
// error well before the end.
#pragma once

#include <cstdint>

namespace spawnsh::syntax {

// The lowest stack address the parser should reach on the calling thread (the stack grows
// down), leaving a safety margin; 0 if the bounds are unknown.  Computed once per thread.
std::uintptr_t parser_stack_floor();

inline std::uintptr_t current_stack_position() {
    return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
}

}  // namespace spawnsh::syntax
