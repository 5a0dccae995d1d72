#include "shell/syntax/stack_limit.h"

#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "shell/platform/memory_map.h"

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

// Where glibc recorded the top of the initial stack at start-up (exported by glibc, declared in
// no public header).
extern "C" void* __libc_stack_end;

// The main thread's stack from /proc/self/maps, with pthread_getattr_np's arithmetic (glibc
// 2.36, nptl/pthread_getattr_np.c): the top is the page above __libc_stack_end; the size is
// RLIMIT_STACK less what lies above that page in the stack's mapping, in whole pages, and no
// more than the gap down to the mapping below. Read here rather than by pthread_getattr_np,
// which parses the lines with sscanf (see platform/memory_map.h).
bool main_thread_bounds_from_maps(StackBounds& bounds) {
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_STACK, &limit) != 0) return false;
    const long page = ::sysconf(_SC_PAGESIZE);
    if (page <= 0) return false;
    const std::uintptr_t mask = static_cast<std::uintptr_t>(page) - 1;
    const auto stack_start = reinterpret_cast<std::uintptr_t>(__libc_stack_end);
    const std::uintptr_t stack_end = (stack_start & ~mask) + static_cast<std::uintptr_t>(page);
    std::uintptr_t last_to = 0;
    bool found = false;
    platform::for_each_mapping([&](std::uintptr_t from, std::uintptr_t to) {
        if (from <= stack_start && stack_start < to) {
            std::size_t size = static_cast<std::size_t>(limit.rlim_cur) -
                               static_cast<std::size_t>(to - stack_end);
            size &= ~static_cast<std::size_t>(mask);
            if (size > stack_end - last_to) size = stack_end - last_to;
            bounds.top = stack_end;
            bounds.size = size;
            bounds.main_thread = true;
            found = true;
            return false;
        }
        last_to = to;
        return true;
    });
    return found;
}

// Only the main thread is looked at: spawnsh starts no other (a thread would have no bounds,
// and so no depth guard).
void find_bounds(StackBounds& bounds) {
    if (::getpid() != static_cast<pid_t>(::gettid())) return;
    if (main_thread_bounds(bounds)) return;
    main_thread_bounds_from_maps(bounds);
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
