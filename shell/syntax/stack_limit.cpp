#include "shell/syntax/stack_limit.h"

#include <pthread.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

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
thread_local bool t_exact_wanted = false;  // after `ulimit -s`: no provisional floor

// The exact bounds of the main thread's stack come from /proc/self/maps (pthread_getattr_np
// parses it with sscanf): a fifth of the shell's start-up instructions and the pages of
// vfscanf, for a floor most scripts never come near. So the first answer on the main thread is
// a provisional floor kProvisionalDepth below where the stack is when first asked, and the
// guards compute the exact floor only when they pass it (below_exact_floor).
//
// The provisional floor must never lie below the exact one. The exact floor is at most
// top - 3/4 * size (the margin is at most a quarter of the size), and the size is at least
// min(RLIMIT_STACK, the gap to the mapping below), which the kernel keeps at 1 MiB or more
// (stack_guard_gap). So a provisional floor is given only with RLIMIT_STACK of 1 MiB or more
// and when it lies within 512 KiB of the top of the stack, which the string AT_EXECFN points
// to (the kernel copies it first, at the very top).
constexpr std::uintptr_t kProvisionalDepth = 64 * 1024;
constexpr std::uintptr_t kProvisionalReach = 512 * 1024;
constexpr rlim_t kProvisionalMinLimit = 1024 * 1024;

std::uintptr_t provisional_floor() {
    const std::uintptr_t here = current_stack_position();
    const std::uintptr_t top = ::getauxval(AT_EXECFN);
    if (top <= here || top - here + kProvisionalDepth > kProvisionalReach) return 0;
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_STACK, &limit) != 0) return 0;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < kProvisionalMinLimit) return 0;
    if (::getpid() != static_cast<pid_t>(::gettid())) return 0;  // only the main thread's stack
    return here - kProvisionalDepth;
}

// The main thread's stack without reading /proc/self/maps (pthread_getattr_np reads and parses
// it, a line at a time with sscanf: 45,000 of the 120,000 instructions an emulated child ran,
// and 7 system calls). execve puts the executable's name (AT_EXECFN) at the very top of the
// new stack, a pointer's width below its end; the kernel leaves RLIMIT_STACK free below the
// stack for it to grow into (mmap_base is placed at least that far below). Anything unusual
// (another thread, no limit, a name not above this frame) takes the long way.
bool main_thread_bounds(StackBounds& bounds) {
    if (::getpid() != static_cast<pid_t>(::gettid())) return false;
    const char* name = reinterpret_cast<const char*>(::getauxval(AT_EXECFN));
    struct rlimit limit {};
    if (name == nullptr || ::getrlimit(RLIMIT_STACK, &limit) != 0 ||
        limit.rlim_cur == RLIM_INFINITY) {
        return false;
    }
    const long page = ::sysconf(_SC_PAGESIZE);
    if (page <= 0) return false;
    const std::uintptr_t mask = static_cast<std::uintptr_t>(page) - 1;
    const std::uintptr_t top =
        (reinterpret_cast<std::uintptr_t>(name) + std::strlen(name) + 1 + mask) & ~mask;
    const std::uintptr_t here = current_stack_position();
    if (here >= top || top - here > limit.rlim_cur) return false;
    bounds.top = top;
    // As pthread_getattr_np: the limit in whole pages, less the page at the top.
    bounds.size = (static_cast<std::size_t>(limit.rlim_cur) & ~mask) - static_cast<std::size_t>(page);
    bounds.main_thread = true;
    return true;
}

void find_bounds(StackBounds& bounds) {
    if (main_thread_bounds(bounds)) return;
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

namespace {

std::uintptr_t exact_stack_floor() {
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

}  // namespace

std::uintptr_t stack_floor() {
    if (t_bounds.floor_valid) return t_bounds.floor;
    if (!t_bounds_known && !t_exact_wanted) {
        if (const std::uintptr_t provisional = provisional_floor(); provisional != 0) {
            t_bounds.floor = provisional;
            t_bounds.floor_valid = true;
            return provisional;
        }
    }
    return exact_stack_floor();
}

bool below_exact_floor(std::uintptr_t& floor, std::uintptr_t position) {
    if (!t_bounds_known) {
        t_exact_wanted = true;
        t_bounds.floor_valid = false;
    }
    floor = exact_stack_floor();
    return floor != 0 && position < floor;
}

void stack_limit_changed() {
    t_exact_wanted = true;
    t_bounds.floor_valid = false;
}

}  // namespace spawnsh::syntax
