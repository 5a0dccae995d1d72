#include "shell/syntax/stack_limit.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>

namespace spawnsh::syntax {

namespace {

struct StackBounds {
    std::uintptr_t top = 0;   // the highest address (where the stack starts)
    std::size_t size = 0;     // as the thread started: what the mappings around it allow
    bool main_thread = false; // only the main thread's stack follows RLIMIT_STACK
    std::uintptr_t floor = 0;
    bool floor_valid = false;
};

thread_local StackBounds t_bounds;
thread_local bool t_bounds_known = false;

void find_bounds(StackBounds& bounds) {
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
    void* low = nullptr;
    std::size_t size = 0;
    const int status = pthread_attr_getstack(&attributes, &low, &size);
    pthread_attr_destroy(&attributes);
    if (status != 0 || low == nullptr || size == 0) return;
    bounds.top = reinterpret_cast<std::uintptr_t>(low) + size;
    bounds.size = size;
    bounds.main_thread = ::getpid() == static_cast<pid_t>(::gettid());
}

std::uintptr_t compute_floor(const StackBounds& bounds) {
    if (bounds.top == 0) return 0;
    std::size_t size = bounds.size;
    // The main thread's stack grows on demand up to the current RLIMIT_STACK (lowered by
    // `ulimit -s`); never beyond what the mappings allowed when it was measured.
    struct rlimit limit {};
    if (bounds.main_thread && ::getrlimit(RLIMIT_STACK, &limit) == 0 &&
        limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < size) {
        size = static_cast<std::size_t>(limit.rlim_cur);
    }
    // Keep an eighth of the stack for whatever runs below the guards (the error path,
    // allocation, the sanitizer runtime): at least 256 KiB, or a quarter of a small stack.
    const std::size_t margin =
        std::max<std::size_t>(size / 8, std::min<std::size_t>(256 * 1024, size / 4));
    if (margin >= size) return 0;
    return bounds.top - size + margin;
}

}  // namespace

std::uintptr_t stack_floor() {
    if (!t_bounds_known) {
        find_bounds(t_bounds);
        t_bounds_known = true;
    }
    if (!t_bounds.floor_valid) {
        t_bounds.floor = compute_floor(t_bounds);
        t_bounds.floor_valid = true;
    }
    return t_bounds.floor;
}

void stack_limit_changed() { t_bounds.floor_valid = false; }

}  // namespace spawnsh::syntax
