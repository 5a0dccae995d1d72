#include "shell/syntax/stack_limit.h"

#include <pthread.h>

#include <algorithm>
#include <cstddef>

namespace spawnsh::syntax {

namespace {

std::uintptr_t compute_stack_floor() {
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return 0;
    void* low = nullptr;
    std::size_t size = 0;
    const int status = pthread_attr_getstack(&attributes, &low, &size);
    pthread_attr_destroy(&attributes);
    if (status != 0 || low == nullptr || size == 0) return 0;
    // Keep an eighth of the stack, at least 256 KiB, for whatever runs below the parser
    // (the error path, allocation, the sanitizer runtime).
    const std::size_t margin = std::max<std::size_t>(size / 8, 256 * 1024);
    if (margin >= size) return 0;
    return reinterpret_cast<std::uintptr_t>(low) + margin;
}

}  // namespace

std::uintptr_t parser_stack_floor() {
    thread_local const std::uintptr_t floor = compute_stack_floor();
    return floor;
}

}  // namespace spawnsh::syntax
