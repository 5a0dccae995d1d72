// Out of memory is a shell error, not a crash. Sizes a script controls (a string doubled in a
// loop, a huge $( ), a long read) reach the allocator everywhere, so rather than catching
// std::bad_alloc at every boundary, the allocator's new-handler reports the error and throws
// OutOfMemory, which is both a std::bad_alloc (what the standard lets a new-handler throw) and
// a CommandError: every place that already ends a command on an error (the command loop, a
// subshell child, a trap, eval, `.`) ends it on this one too, unwinding and freeing what the
// command had built. The shell then goes on as after any error that ends a non-interactive
// shell: status 2, the EXIT trap runs.
#pragma once

#include <new>
#include <string>

#include "shell/diag.h"
#include "shell/errors.h"

namespace spawnsh {

struct OutOfMemory : std::bad_alloc, CommandError {
  OutOfMemory() : CommandError{2, true} {}
  const char* what() const noexcept override { return "out of memory"; }
};

// Installs the new-handler. The message names `shell_name` and the location `where` holds when
// memory runs out; both must outlive every allocation of the process (the Shell's members).
void install_out_of_memory_handler(const std::string& shell_name, const Location& where);

// For code that allocates with malloc rather than new: the same message, then OutOfMemory.
[[noreturn]] void report_out_of_memory();

}  // namespace spawnsh
